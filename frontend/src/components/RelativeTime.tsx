import { Stack, Text } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { useState } from 'react';
import { formatAbsolute, formatRelative } from '../lib/time';

/** refreshMs is how often the relative part is recomputed; it shows minutes at best. */
const refreshMs = 15_000;

/** RelativeTime shows an instant as "5 minutes ago" above its absolute date and time. */
export function RelativeTime({ value }: { value: string }) {
  const [now, setNow] = useState(() => new Date());
  useInterval(() => setNow(new Date()), refreshMs, { autoInvoke: true });
  const date = new Date(value);
  return (
    <Stack gap={0}>
      <Text fw={600} size="lg" component="time" dateTime={value}>
        {formatRelative(date, now)}
      </Text>
      <Text size="sm" c="dimmed">
        {formatAbsolute(date)}
      </Text>
    </Stack>
  );
}
