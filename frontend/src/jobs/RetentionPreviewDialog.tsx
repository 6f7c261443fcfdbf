import { Alert, Badge, Button, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { IconInfoCircle, IconLock } from '@tabler/icons-react';
import { useQuery } from 'urql';
import { DateTime } from '../admin/DateTime';
import { ErrorAlert } from '../admin/ErrorAlert';
import { alertOf } from '../admin/serverErrors';
import { type RetentionPreviewQuery, RetentionPreviewDocument } from '../gql/graphql';
import { formatBytes } from '../lib/bytes';

type Decision = RetentionPreviewQuery['retentionPreview'][number];

export interface RetentionPreviewDialogProps {
  jobId: string;
  destinationId: string;
  destinationName: string;
  /** unsaved says the form changed this destination's rules, which the dry run does not see yet. */
  unsaved?: boolean;
  onClose(): void;
}

/** retentionSummary counts what a dry run keeps and deletes: "keeps 7, deletes 3". */
export function retentionSummary(decisions: readonly Decision[]): string {
  const kept = decisions.filter((d) => d.keep).length;
  return `keeps ${kept}, deletes ${decisions.length - kept}`;
}

/**
 * RetentionPreviewDialog shows a dry run of a job's saved retention on one destination: each
 * recorded backup, newest first, with whether it is kept and why. Nothing is deleted.
 */
export function RetentionPreviewDialog(props: RetentionPreviewDialogProps) {
  const { jobId, destinationId, destinationName, unsaved, onClose } = props;
  const [{ data, error, fetching }] = useQuery({
    query: RetentionPreviewDocument,
    variables: { job: jobId, destination: destinationId },
    requestPolicy: 'network-only',
  });
  const decisions = data?.retentionPreview;

  return (
    <Modal
      opened
      onClose={onClose}
      title={`Retention on ${destinationName}`}
      closeButtonProps={{ 'aria-label': 'Close' }}
      size="xl"
      centered
    >
      <Stack>
        <Text size="sm" c="dimmed">
          A dry run of the saved policy: what the next run’s cleanup would do. Nothing is deleted now.
        </Text>
        {unsaved && (
          <Alert color="yellow" icon={<IconInfoCircle />}>
            You changed the rules of {destinationName} in the form; save to preview them.
          </Alert>
        )}
        {fetching && !data && <Loader size="sm" aria-label="Loading the retention preview" />}
        <ErrorAlert error={error && alertOf(error, 'Could not preview the retention')} />
        {decisions &&
          (decisions.length === 0 ? (
            <Text c="dimmed">No backups of this job on {destinationName} yet.</Text>
          ) : (
            <>
              <Text fw={500} data-testid="retention-summary">
                Retention {retentionSummary(decisions)}.
              </Text>
              <Table.ScrollContainer minWidth={640}>
                <Table aria-label="Retention preview" fz="sm" verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Time</Table.Th>
                      <Table.Th>Object</Table.Th>
                      <Table.Th>Size</Table.Th>
                      <Table.Th>Decision</Table.Th>
                      <Table.Th>Reasons</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {decisions.map(({ backup, keep, reasons }) => (
                      <Table.Tr key={backup.id}>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <DateTime value={backup.createdAt} />
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <Text span size="xs" ff="monospace" title={backup.objectKey} lineClamp={1} maw={240}>
                              {backup.objectKey}
                            </Text>
                            {backup.locked && <IconLock size={12} aria-label="Locked" />}
                          </Group>
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(backup.sizeBytes)}</Table.Td>
                        <Table.Td>
                          <Badge size="sm" variant="light" color={keep ? 'green' : 'red'}>
                            {keep ? 'Keep' : 'Delete'}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{reasons.join(', ')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </>
          ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Done
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
