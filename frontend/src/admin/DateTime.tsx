import { Text } from '@mantine/core';

const format = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/** formatDateTime is an instant in the browser's time zone, short enough for a table cell. */
export function formatDateTime(value: string): string {
  return format.format(new Date(value));
}

/** DateTime shows an instant for a table, or fallback ("never") when there is none. */
export function DateTime({ value, fallback = 'never' }: { value?: string | null; fallback?: string }) {
  if (!value) {
    return (
      <Text span size="sm" c="dimmed">
        {fallback}
      </Text>
    );
  }
  return (
    <Text span size="sm" component="time" dateTime={value}>
      {formatDateTime(value)}
    </Text>
  );
}
