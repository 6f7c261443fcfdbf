import { Alert, Badge, List, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ConfigChangeAction, ConfigImportPlanFieldsFragment } from '../../gql/graphql';

/** actionColors tell the actions apart at a glance: new, changed, same, kept although different. */
const actionColors: Readonly<Record<ConfigChangeAction, string>> = {
  CREATE: 'green',
  UPDATE: 'blue',
  UNCHANGED: 'gray',
  CONFLICT: 'orange',
};

/** kindLabels name the document's item kinds as the rest of the interface does. */
const kindLabels: Readonly<Record<string, string>> = {
  source: 'Source',
  destination: 'Destination',
  job: 'Job',
  encryptionProfile: 'Encryption profile',
  notificationChannel: 'Notification channel',
  ssoProvider: 'SSO provider',
  group: 'Group',
  user: 'User',
  apiKey: 'API key',
  setting: 'Setting',
};

/** kindLabel names an item kind, falling back to the server's word for a kind added later. */
export function kindLabel(kind: string): string {
  return kindLabels[kind] ?? kind;
}

/** countActions counts the plan's changes per action, for a one-line summary. */
export function countActions(plan: ConfigImportPlanFieldsFragment): Record<ConfigChangeAction, number> {
  const counts: Record<ConfigChangeAction, number> = { CREATE: 0, UPDATE: 0, UNCHANGED: 0, CONFLICT: 0 };
  for (const change of plan.changes) counts[change.action]++;
  return counts;
}

/** planSummary says in one sentence what an import does or did. */
export function planSummary(plan: ConfigImportPlanFieldsFragment): string {
  const c = countActions(plan);
  const items = (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`;
  if (plan.applied) {
    return `Imported: ${items(c.CREATE)} created, ${items(c.UPDATE)} updated, ${items(c.UNCHANGED)} unchanged, ${items(c.CONFLICT)} kept as they were.`;
  }
  return `The import would create ${items(c.CREATE)}, update ${items(c.UPDATE)}, leave ${items(c.UNCHANGED)} unchanged and keep ${items(c.CONFLICT)} that differ as they are.`;
}

/**
 * ImportPlan shows what an import does (a dry run) or did: one row per item with its action, why,
 * and the new name a renamed item gets, after what the import cannot carry over. Without summary
 * the caller says in its own words what the counts are.
 */
export function ImportPlan({ plan, summary = true }: { plan: ConfigImportPlanFieldsFragment; summary?: boolean }) {
  return (
    <Stack gap="sm">
      {summary && <Text size="sm">{planSummary(plan)}</Text>}
      {plan.warnings.length > 0 && (
        <Alert color="yellow" icon={<IconAlertTriangle />} title="Read before importing">
          <List size="sm" aria-label="Import warnings">
            {plan.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {plan.changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          The file holds no items.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label="Import changes" verticalSpacing={4} fz="sm" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Detail</Table.Th>
                <Table.Th>New name</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plan.changes.map((change) => (
                <Table.Tr key={`${change.kind}\u0000${change.name}`}>
                  <Table.Td>{kindLabel(change.kind)}</Table.Td>
                  <Table.Td>{change.name}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={actionColors[change.action]}>
                      {change.action}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{change.detail}</Table.Td>
                  <Table.Td>{change.newName ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
