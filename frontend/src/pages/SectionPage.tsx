import { Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Section } from '../sections';

/**
 * SectionPage introduces a section by its title and summary, followed by children: the section's
 * content, or nothing for a section whose management pages the server does not offer yet.
 */
export function SectionPage({ section, children }: { section: Section; children?: ReactNode }) {
  return (
    <Stack gap="xs">
      <Title order={2}>{section.label}</Title>
      <Text c="dimmed">{section.summary}</Text>
      {children && (
        <Stack gap="xl" mt="md">
          {children}
        </Stack>
      )}
    </Stack>
  );
}
