import { Text } from '@mantine/core';

/** ListLimitNote says how many items a list leaves out, when the server holds more than it shows. */
export function ListLimitNote({ shown, total, noun }: { shown: number; total: number; noun: string }) {
  if (total <= shown) return null;
  return (
    <Text size="sm" c="dimmed">
      Showing {shown} of {total} {noun}.
    </Text>
  );
}
