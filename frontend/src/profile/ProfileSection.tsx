import { Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useId } from 'react';

export interface ProfileSectionProps {
  title: string;
  /** description says what the section is for, in a sentence or two. */
  description?: ReactNode;
  children: ReactNode;
}

/** ProfileSection is one titled part of the profile page, a region named by its title. */
export function ProfileSection({ title, description, children }: ProfileSectionProps) {
  const titleId = useId();
  return (
    <Stack component="section" aria-labelledby={titleId} gap="sm">
      <Title order={3} id={titleId}>
        {title}
      </Title>
      {description && (
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      )}
      {children}
    </Stack>
  );
}
