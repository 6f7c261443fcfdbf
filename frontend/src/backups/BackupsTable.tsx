import { ActionIcon, Badge, Button, Group, Menu, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import {
  IconDownload,
  IconFileImport,
  IconLink,
  IconLock,
  IconLockOpen,
  IconRestore,
  IconShieldCheck,
  IconTrash,
} from '@tabler/icons-react';
import { DateTime, formatDateTime } from '../admin/DateTime';
import { CopyHash } from '../executions/ExecutionPage';
import type { BackupRowFragment } from '../gql/graphql';
import { formatBytes } from '../lib/bytes';
import { configBackupEngine } from './ImportConfigDialog';

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
  /** onLink asks for a one-time link to the stored file, or with decrypt to the decrypted dump. */
  onLink?(backup: BackupRowFragment, decrypt: boolean): void;
  /** onLock locks or unlocks a backup; offered with canDelete, since a lock guards against deletion. */
  onLock?(backup: BackupRowFragment, locked: boolean): void;
  /** locking are the ids of the backups whose lock is being changed now. */
  locking?: ReadonlySet<string>;
  /** onImportConfig imports a stored Config Backup; offered for those only, to viewers with settings:write. */
  onImportConfig?(backup: BackupRowFragment): void;
}

const none: ReadonlySet<string> = new Set();

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
  const { backups, canRestore, canDelete, canDownload = false, verifying, onVerify, onRestore, onDelete, onLink } = props;
  const { onLock, locking = none, onImportConfig } = props;
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
                <Group gap={4}>
                  <Text span size="sm">
                    {backup.jobName ?? '—'}
                  </Text>
                  {backup.locked && (
                    <Tooltip label="Retention never deletes a locked backup">
                      <Badge
                        size="xs"
                        variant="light"
                        color="orange"
                        leftSection={<IconLock size={10} />}
                        // A table squeezes a clipped label to nothing; the badge keeps its word.
                        styles={{ root: { flexShrink: 0 }, label: { overflow: 'visible' } }}
                      >
                        Locked
                      </Badge>
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
                  {canDownload && onLink && <OneTimeLinkMenu backup={backup} onLink={onLink} />}
                  {onImportConfig && backup.engine === configBackupEngine && (
                    <Button
                      size="compact-sm"
                      variant="default"
                      leftSection={<IconFileImport size={14} />}
                      aria-label={`Import the configuration of ${formatDateTimeLabel(backup)}`}
                      onClick={() => onImportConfig(backup)}
                    >
                      Import configuration
                    </Button>
                  )}
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
                  {canDelete && onLock && (
                    <LockToggle backup={backup} busy={locking.has(backup.id)} onLock={onLock} />
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

/** LockToggle locks a backup against retention, or unlocks it. */
function LockToggle({
  backup,
  busy,
  onLock,
}: {
  backup: BackupRowFragment;
  busy: boolean;
  onLock(backup: BackupRowFragment, locked: boolean): void;
}) {
  const label = `${backup.locked ? 'Unlock' : 'Lock'} the backup of ${formatDateTimeLabel(backup)}`;
  const tip = backup.locked ? 'Unlock: retention may delete it again' : 'Lock: retention never deletes it';
  return (
    <Tooltip label={tip}>
      <ActionIcon
        variant={backup.locked ? 'light' : 'subtle'}
        color={backup.locked ? 'orange' : 'gray'}
        aria-label={label}
        aria-pressed={backup.locked}
        loading={busy}
        onClick={() => onLock(backup, !backup.locked)}
      >
        {backup.locked ? <IconLock size={16} /> : <IconLockOpen size={16} />}
      </ActionIcon>
    </Tooltip>
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

/**
 * OneTimeLinkMenu offers a one-time link, for a browser or script without a session: to the
 * stored file, and for an encrypted backup also to the dump decrypted on the server.
 */
function OneTimeLinkMenu({
  backup,
  onLink,
}: {
  backup: BackupRowFragment;
  onLink(backup: BackupRowFragment, decrypt: boolean): void;
}) {
  const label = formatDateTimeLabel(backup);
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconLink size={14} />}
          aria-label={`Copy a one-time link to ${label}`}
        >
          Copy one-time link
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => onLink(backup, false)}>{backup.encrypted ? 'Encrypted file' : 'Stored file'}</Menu.Item>
        {backup.encrypted && <Menu.Item onClick={() => onLink(backup, true)}>Decrypted dump</Menu.Item>}
      </Menu.Dropdown>
    </Menu>
  );
}
