import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export interface AuthCardProps {
  /** title says what the card is for, such as "Sign in". */
  title: string;
  /** description explains it in a sentence or two. */
  description?: ReactNode;
  children?: ReactNode;
}

/**
 * AuthCard frames the pages that come before the app's layout (setup, sign-in and the wait in
 * between): one centred card, since the navigation would only lead to pages that need a viewer.
 */
export function AuthCard({ title, description, children }: AuthCardProps) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" radius="md" p="xl" w="100%" maw={440}>
        <Stack gap="md">
          <Stack gap={4}>
            <Text fw={700} c="teal" size="sm" tt="uppercase">
              DBackup
            </Text>
            <Title order={2}>{title}</Title>
            {description && (
              <Text size="sm" c="dimmed">
                {description}
              </Text>
            )}
          </Stack>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}
