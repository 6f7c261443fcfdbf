import { Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** StatCard is one labelled value on the dashboard. */
export function StatCard({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" role="group" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700} mb={4}>
        {label}
      </Text>
      {children}
    </Paper>
  );
}
