import { ActionIcon, Badge, Button, Group, Loader, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlugConnected, IconTrash, IconX } from '@tabler/icons-react';
import { Fragment, type ReactNode } from 'react';
import { ErrorAlert } from '../admin/ErrorAlert';
import type { SecretStatusFieldsFragment } from '../gql/graphql';
import type { ConfigKind } from './ConfigFormModal';
import type { RowTest } from './rowTests';
import { SecretBadges } from './SecretBadges';

export type ConfigAction = 'edit' | 'delete' | 'test';

/** ConfigItem is a saved source or destination as its list shows it. */
export interface ConfigItem {
  id: string;
  name: string;
  kind: string;
  secrets: readonly SecretStatusFieldsFragment[];
}

export interface ConfigTableProps<T extends ConfigItem, R> {
  /** label names the table: "Sources". */
  label: string;
  /** kindHeader and whereHeader head the columns of the kind and of where the item is. */
  kindHeader: string;
  whereHeader: string;
  items: readonly T[];
  kinds: readonly ConfigKind[];
  where(item: T): string;
  /** canWrite shows the actions, which need the write permission. */
  canWrite: boolean;
  tests: Record<string, RowTest<R>>;
  renderResult(item: T, result: R): ReactNode;
  onAction(action: ConfigAction, item: T): void;
  /** extraActions are more actions of a row, shown before the others whatever canWrite says. */
  extraActions?(item: T): ReactNode;
  onDismissTest(id: string): void;
}

const columns = 5;

/**
 * ConfigTable lists sources or destinations with their kind, where they are, their stored
 * secrets, and under a row the result of testing it.
 */
export function ConfigTable<T extends ConfigItem, R>(props: ConfigTableProps<T, R>) {
  const { label, kindHeader, whereHeader, items, kinds, where, canWrite, tests } = props;
  const { renderResult, onAction, onDismissTest, extraActions } = props;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table aria-label={label} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>{kindHeader}</Table.Th>
            <Table.Th>{whereHeader}</Table.Th>
            <Table.Th>Secrets</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => {
            const kind = kinds.find((k) => k.value === item.kind);
            const test = tests[item.id];
            return (
              <Fragment key={item.id}>
                <Table.Tr>
                  <Table.Td>
                    <Text span size="sm" fw={500}>
                      {item.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="outline" size="sm">
                      {kind?.label ?? item.kind}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text span size="sm" ff="monospace">
                      {where(item)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <SecretBadges
                      owner={item.name}
                      secrets={item.secrets}
                      fields={kind?.fields ?? []}
                      onReenter={canWrite ? () => onAction('edit', item) : undefined}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      {extraActions?.(item)}
                      {canWrite && <RowActions item={item} test={test} onAction={onAction} />}
                    </Group>
                  </Table.Td>
                </Table.Tr>
                {test && !test.running && (
                  <Table.Tr>
                    <Table.Td colSpan={columns} aria-label={`Connection test of ${item.name}`}>
                      <Group align="flex-start" wrap="nowrap" gap="xs">
                        <div style={{ flex: 1 }}>
                          {test.result && renderResult(item, test.result)}
                          <ErrorAlert error={test.alert} />
                        </div>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Hide the test of ${item.name}`}
                          onClick={() => onDismissTest(item.id)}
                        >
                          <IconX size={16} />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface RowActionsProps<T extends ConfigItem> {
  item: T;
  test?: RowTest<unknown>;
  onAction(action: ConfigAction, item: T): void;
}

function RowActions<T extends ConfigItem>({ item, test, onAction }: RowActionsProps<T>) {
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Button
        size="compact-sm"
        variant="default"
        leftSection={test?.running ? <Loader size={12} /> : <IconPlugConnected size={14} />}
        disabled={test?.running}
        aria-label={`Test ${item.name}`}
        onClick={() => onAction('test', item)}
      >
        Test
      </Button>
      <Tooltip label={`Edit ${item.name}`}>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Edit ${item.name}`}
          onClick={() => onAction('edit', item)}
        >
          <IconPencil size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={`Delete ${item.name}`}>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Delete ${item.name}`}
          onClick={() => onAction('delete', item)}
        >
          <IconTrash size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
