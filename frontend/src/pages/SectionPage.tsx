import { Stack, Text, Title } from '@mantine/core';
import type { Section } from '../sections';

/** SectionPage introduces a section whose management pages the server does not offer yet. */
export function SectionPage({ section }: { section: Section }) {
  return (
    <Stack gap="xs">
      <Title order={2}>{section.label}</Title>
      <Text c="dimmed">{section.summary}</Text>
    </Stack>
  );
}
