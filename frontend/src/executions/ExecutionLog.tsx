import { Code, ScrollArea, Table, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { ExecutionDetailFragment, LogLevel } from '../gql/graphql';

type Line = ExecutionDetailFragment['log'][number];

const levelColors: Readonly<Record<LogLevel, string | undefined>> = {
  INFO: undefined,
  WARN: 'orange',
  ERROR: 'red',
};

const timeFormat = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** stickPx is how close to the end the reader must be for new lines to scroll into view. */
const stickPx = 24;

/**
 * ExecutionLog shows a run's log, oldest first. New lines scroll into view as they arrive, unless
 * the reader has scrolled up to read earlier ones.
 */
export function ExecutionLog({ lines }: { lines: readonly Line[] }) {
  const viewport = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  const last = lines.at(-1);

  useEffect(() => {
    const el = viewport.current;
    if (el && atEnd.current) el.scrollTop = el.scrollHeight;
  }, [lines.length, last?.time, last?.message]);

  const onScroll = () => {
    const el = viewport.current;
    if (el) atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight <= stickPx;
  };

  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No log lines yet.
      </Text>
    );
  }
  return (
    <ScrollArea.Autosize mah={360} viewportRef={viewport} onScrollPositionChange={onScroll} type="auto">
      <Table aria-label="Log" fz="xs" verticalSpacing={2} withRowBorders={false}>
        <Table.Tbody>
          {lines.map((line, i) => (
            // Lines have no id; the same time and message can repeat, so the index keeps them apart.
            <Table.Tr key={`${i}-${line.time}`} data-level={line.level}>
              <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                <Code bg="transparent" c="dimmed">
                  <time dateTime={line.time}>{timeFormat.format(new Date(line.time))}</time>
                </Code>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                <Text span size="xs" fw={600} c={levelColors[line.level]}>
                  {line.level}
                </Text>
              </Table.Td>
              <Table.Td style={{ width: '100%' }}>
                <Text span size="xs" ff="monospace" c={levelColors[line.level]} style={{ whiteSpace: 'pre-wrap' }}>
                  {line.message}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
