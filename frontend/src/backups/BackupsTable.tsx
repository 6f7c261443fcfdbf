import { Badge, Button, Group, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconDownload, IconLock, IconRestore, IconShieldCheck, IconTrash } from '@tabler/icons-react';
import { DateTime, formatDateTime } from '../admin/DateTime';
import { CopyHash } from '../executions/ExecutionPage';
import type { BackupRowFragment } from '../gql/graphql';
import { formatBytes } from '../lib/bytes';

const compressionLabels: Readonly<Record<BackupRowFragment['compression'], string>> = {
  zstd: 'Zstandard',
  gzip: 'gzip',
  brotli: 'Brotli',
  none: 'none',
};

export interface BackupsTableProps {
  backups: readonly BackupRowFragment[];
  /** canRestore offers Restore, which needs storage:restore. */
  canRestore: boolean;
  /** canDelete offers Delete, which needs storage:delete. */
  canDelete: boolean;
  /** canDownload offers Download links, which need storage:download. */
  canDownload?: boolean;
  /** verifying are the ids of the backups being re-hashed now. */
  verifying: ReadonlySet<string>;
  onVerify(backup: BackupRowFragment): void;
  onRestore(backup: BackupRowFragment): void;
  onDelete(backup: BackupRowFragment): void;
}

/** VerificationBadge says whether the stored object last matched its recorded SHA-256, and when. */
export function VerificationBadge({ backup }: { backup: BackupRowFragment }) {
  if (backup.verifyOk === false) {
    return (
      <Tooltip
        label={backup.verifyError ?? 'The stored object no longer matches its SHA-256'}
        multiline
        maw={320}
        events={{ hover: true, focus: true, touch: true }}
      >
        <Badge size="sm" variant="filled" color="red" data-testid="verification" tabIndex={0}>
          Changed!
        </Badge>
      </Tooltip>
    );
  }
  if (backup.verifyOk && backup.verifiedAt) {
    return (
      <Badge size="sm" variant="light" color="green" data-testid="verification" style={{ textTransform: 'none' }}>
        Verified {formatDateTime(backup.verifiedAt)}
      </Badge>
    );
  }
  return (
    <Badge size="sm" variant="light" color="gray" data-testid="verification" style={{ textTransform: 'none' }}>
      Not verified
    </Badge>
  );
}

/** BackupsTable lists stored backups with what is inside, how it is stored and whether it still matches. */
export function BackupsTable(props: BackupsTableProps) {
  const { backups, canRestore, canDelete, canDownload = false, verifying, onVerify, onRestore, onDelete } = props;
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table aria-label="Backups" verticalSpacing="xs" fz="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>Job</Table.Th>
            <Table.Th>Databases</Table.Th>
            <Table.Th>Size</Table.Th>
            <Table.Th>Compression</Table.Th>
            <Table.Th>Encryption</Table.Th>
            <Table.Th>SHA-256</Table.Th>
            <Table.Th>Verification</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {backups.map((backup) => (
            <Table.Tr key={backup.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Stack gap={0}>
                  <DateTime value={backup.createdAt} />
                  <Text size="xs" c="dimmed" ff="monospace" title={backup.objectKey} lineClamp={1} maw={260}>
                    {backup.objectKey}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Text span size="sm">
                    {backup.jobName ?? '—'}
                  </Text>
                  {backup.locked && (
                    <Tooltip label="Locked: retention never deletes it">
                      <IconLock size={14} aria-label="Locked" />
                    </Tooltip>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  {backup.engine}
                  {backup.serverVersion && ` ${backup.serverVersion}`}
                </Text>
              </Table.Td>
              <Table.Td>{backup.databases && backup.databases.length > 0 ? backup.databases.join(', ') : '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(backup.sizeBytes)}</Table.Td>
              <Table.Td>{compressionLabels[backup.compression] ?? backup.compression}</Table.Td>
              <Table.Td>
                {backup.encrypted ? (
                  <Stack gap={0}>
                    <Badge size="sm" variant="light" color="teal" leftSection={<IconLock size={10} />}>
                      {backup.profileName ?? 'encrypted'}
                    </Badge>
                    {backup.keyID && (
                      <Text size="xs" c="dimmed" ff="monospace" title="Key id">
                        {backup.keyID}
                      </Text>
                    )}
                  </Stack>
                ) : (
                  <Text span size="sm" c="dimmed">
                    not encrypted
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={2} wrap="nowrap">
                  <Text span size="xs" ff="monospace" title={backup.sha256}>
                    {backup.sha256.slice(0, 12)}
                  </Text>
                  <CopyHash value={backup.sha256} />
                </Group>
              </Table.Td>
              <Table.Td>
                <VerificationBadge backup={backup} />
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  <Button
                    size="compact-sm"
                    variant="default"
                    leftSection={<IconShieldCheck size={14} />}
                    aria-label={`Verify the backup of ${formatDateTimeLabel(backup)}`}
                    loading={verifying.has(backup.id)}
                    onClick={() => onVerify(backup)}
                  >
                    Verify
                  </Button>
                  {canDownload && <DownloadLinks backup={backup} />}
                  {canRestore && (
                    <Button
                      size="compact-sm"
                      variant="default"
                      leftSection={<IconRestore size={14} />}
                      aria-label={`Restore the backup of ${formatDateTimeLabel(backup)}`}
                      onClick={() => onRestore(backup)}
                    >
                      Restore
                    </Button>
                  )}
                  {canDelete && (
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      leftSection={<IconTrash size={14} />}
                      aria-label={`Delete the backup of ${formatDateTimeLabel(backup)}`}
                      onClick={() => onDelete(backup)}
                    >
                      Delete
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** formatDateTimeLabel names a backup for assistive technology: its job and object key. */
function formatDateTimeLabel(backup: BackupRowFragment): string {
  return `${backup.jobName ?? 'unknown job'}, ${backup.objectKey}`;
}

/** downloadURL is the server's streamed download of a backup: as stored, or decrypted. */
export function downloadURL(id: string, decrypt: boolean): string {
  return `/api/backups/${encodeURIComponent(id)}/download${decrypt ? '?decrypt=true' : ''}`;
}

/**
 * DownloadLinks are plain links (the session cookie authorizes them): the stored file, and for an
 * encrypted backup also the compressed dump inside, decrypted on the server. Both are audited.
 */
function DownloadLinks({ backup }: { backup: BackupRowFragment }) {
  const label = formatDateTimeLabel(backup);
  return (
    <>
      <Button
        component="a"
        href={downloadURL(backup.id, false)}
        download
        size="compact-sm"
        variant="default"
        leftSection={<IconDownload size={14} />}
        aria-label={`Download the stored file of ${label}`}
      >
        {backup.encrypted ? 'Encrypted file' : 'Download'}
      </Button>
      {backup.encrypted && (
        <Tooltip label="Decrypted on the server with the profile key; downloads are audited">
          <Button
            component="a"
            href={downloadURL(backup.id, true)}
            download
            size="compact-sm"
            variant="default"
            leftSection={<IconDownload size={14} />}
            aria-label={`Download the decrypted dump of ${label}`}
          >
            Decrypted
          </Button>
        </Tooltip>
      )}
    </>
  );
}
