import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  List,
  Loader,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconChevronDown,
  IconChevronRight,
  IconRefresh,
  IconSearch,
} from '@tabler/icons-react';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { type CombinedError, createRequest, useClient, useMutation, useQuery } from 'urql';
import { filter, pipe, take, toPromise } from 'wonka';
import { ConfirmDialog } from '../admin/ConfirmDialog';
import { DateTime } from '../admin/DateTime';
import { type AlertContent, ErrorAlert } from '../admin/ErrorAlert';
import { nodes } from '../admin/lists';
import { alertOf, serverErrors } from '../admin/serverErrors';
import { useViewer } from '../auth/viewer';
import {
  BackupDestinationDocument,
  type BackupRowFragment,
  DeleteBackupDocument,
  DestinationListingDocument,
  type DestinationListingQuery,
  SetBackupLockedDocument,
  VerifyBackupDocument,
} from '../gql/graphql';
import { formatBytes } from '../lib/bytes';
import { BackupsTable } from './BackupsTable';
import { DownloadLinkDialog } from './DownloadLinkDialog';
import { ImportConfigDialog } from './ImportConfigDialog';
import { RestoreWizard } from './RestoreWizard';

type Listing = DestinationListingQuery['destinationListing'];

interface ListingState {
  listing?: Listing;
  error?: CombinedError;
  fetching: boolean;
}

/**
 * useDestinationListing lists a destination once per call of refresh, outside urql's document
 * cache: a listing reads the whole bucket, so verifying a backup (which returns a Backup) must
 * not make the cache list it all again. update changes the rows shown after a verify or delete.
 */
function useDestinationListing(destination: string) {
  const client = useClient();
  const [state, setState] = useState<ListingState>({ fetching: true });
  const latest = useRef(0);

  const refresh = useCallback(() => {
    const run = ++latest.current;
    setState((s) => ({ ...s, fetching: true }));
    const request = createRequest(DestinationListingDocument, { destination });
    void pipe(
      client.executeQuery(request, { requestPolicy: 'network-only' }),
      filter((result) => !result.stale && !result.hasNext),
      take(1),
      toPromise,
    ).then((result) => {
      if (run !== latest.current) return;
      setState({ listing: result.error ? undefined : result.data?.destinationListing, error: result.error, fetching: false });
    });
  }, [client, destination]);

  useEffect(() => {
    refresh();
    return () => {
      latest.current++;
    };
  }, [refresh]);

  const update = useCallback((change: (backups: BackupRowFragment[]) => BackupRowFragment[]) => {
    setState((s) => (s.listing ? { ...s, listing: { ...s.listing, backups: change(s.listing.backups) } } : s));
  }, []);

  return { ...state, refresh, update };
}

type SortOrder = 'newest' | 'oldest' | 'largest' | 'smallest';

const sortOptions: Array<{ value: SortOrder; label: string }> = [
  { value: 'newest', label: 'Newest' },
  { value: 'oldest', label: 'Oldest' },
  { value: 'largest', label: 'Largest' },
  { value: 'smallest', label: 'Smallest' },
];

const comparators: Readonly<Record<SortOrder, (a: BackupRowFragment, b: BackupRowFragment) => number>> = {
  newest: (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt),
  oldest: (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt),
  largest: (a, b) => b.sizeBytes - a.sizeBytes,
  smallest: (a, b) => a.sizeBytes - b.sizeBytes,
};

/** matches says whether a backup's object key, job or one of its databases contains text. */
function matches(backup: BackupRowFragment, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  return [backup.objectKey, backup.jobName ?? '', ...(backup.databases ?? [])].some((s) =>
    s.toLowerCase().includes(needle),
  );
}

/** listingAlert is what the page shows when the destination could not be listed, with the error's code. */
function listingAlert(error: CombinedError): AlertContent & { code?: string } {
  const errors = serverErrors(error);
  const mismatch = errors.find((e) => e.code === 'ENCRYPTION_KEY_MISMATCH');
  if (mismatch) {
    return {
      title: 'The destination’s credentials were sealed under another ENCRYPTION_KEY',
      message: mismatch.message,
      code: mismatch.code,
    };
  }
  const { title, message } = alertOf(error, 'Could not list the destination');
  return { title, message, code: errors.find((e) => e.code)?.code };
}

/** BackupsPage lists what one destination holds, read from the destination itself, and acts on its backups. */
export function BackupsPage() {
  const { id = '' } = useParams();
  const { can } = useViewer();
  const [destination] = useQuery({
    query: BackupDestinationDocument,
    variables: { id },
    pause: !can('destinations:read'),
  });
  const name = nodes(destination.data?.destinations)[0]?.name ?? id;
  const { listing, error, fetching, refresh, update } = useDestinationListing(id);
  const [restoring, setRestoring] = useState<BackupRowFragment>();
  const [importing, setImporting] = useState<BackupRowFragment>();
  const [linking, setLinking] = useState<{ backup: BackupRowFragment; decrypt: boolean }>();
  const [deleting, setDeleting] = useState<BackupRowFragment>();
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [deleteError, setDeleteError] = useState<AlertContent>();
  const [verifying, setVerifying] = useState<ReadonlySet<string>>(new Set());
  const [actionError, setActionError] = useState<AlertContent>();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortOrder>('newest');
  const [, verifyBackup] = useMutation(VerifyBackupDocument);
  const [deleted, deleteBackup] = useMutation(DeleteBackupDocument);
  const [, setBackupLocked] = useMutation(SetBackupLockedDocument);
  const [locking, setLocking] = useState<ReadonlySet<string>>(new Set());
  const canRestore = can('storage:restore');
  const canDelete = can('storage:delete');
  const canDownload = can('storage:download');
  const canImportConfig = can('settings:write');

  const backups = useMemo(
    () => (listing?.backups ?? []).filter((b) => matches(b, search)).sort(comparators[sort]),
    [listing, search, sort],
  );

  const verify = async (backup: BackupRowFragment) => {
    setActionError(undefined);
    setVerifying((s) => new Set(s).add(backup.id));
    const result = await verifyBackup({ id: backup.id });
    setVerifying((s) => {
      const next = new Set(s);
      next.delete(backup.id);
      return next;
    });
    const verified = result.data?.verifyBackup;
    if (result.error || !verified) {
      if (result.error) setActionError(alertOf(result.error, `Could not verify ${backup.objectKey}`));
      return;
    }
    update((rows) => rows.map((row) => (row.id === verified.id ? verified : row)));
  };

  const lock = async (backup: BackupRowFragment, locked: boolean) => {
    setActionError(undefined);
    setLocking((s) => new Set(s).add(backup.id));
    const result = await setBackupLocked({ id: backup.id, locked });
    setLocking((s) => {
      const next = new Set(s);
      next.delete(backup.id);
      return next;
    });
    const changed = result.data?.setBackupLocked;
    if (result.error || !changed) {
      if (result.error)
        setActionError(alertOf(result.error, `Could not ${locked ? 'lock' : 'unlock'} ${backup.objectKey}`));
      return;
    }
    update((rows) => rows.map((row) => (row.id === changed.id ? changed : row)));
  };

  const confirmDelete = async () => {
    if (!deleting || !deleteOpen) return;
    const result = await deleteBackup({ id: deleting.id });
    if (result.error) {
      setDeleteError(alertOf(result.error, 'Could not delete the backup'));
      return;
    }
    const gone = result.data?.deleteBackup ?? deleting.id;
    update((rows) => rows.filter((row) => row.id !== gone));
    setDeleteOpen(false);
  };

  let body: ReactNode;
  if (error) {
    const alert = listingAlert(error);
    body = (
      <Alert color="red" icon={<IconAlertTriangle />} title={alert.title}>
        <Stack gap={4}>
          <Text size="sm">{alert.message}</Text>
          {alert.code && (
            <Text size="xs" c="dimmed">
              Code <Code>{alert.code}</Code>
            </Text>
          )}
        </Stack>
      </Alert>
    );
  } else if (!listing) {
    body = (
      <Group gap="xs">
        <Loader size="sm" aria-label="Listing the destination" />
        <Text size="sm" c="dimmed">
          Listing the destination; a large bucket can take a while.
        </Text>
      </Group>
    );
  } else {
    body = (
      <>
        {listing.backups.length === 0 ? (
          <Text c="dimmed">No backups on this destination yet. Run a job that writes here to make one.</Text>
        ) : (
          <>
            <Group gap="sm" align="flex-end">
              <TextInput
                label="Filter"
                placeholder="Object key, job or database"
                leftSection={<IconSearch size={14} />}
                value={search}
                onChange={(e) => setSearch(e.currentTarget.value)}
                w={280}
              />
              <Stack gap={4}>
                <Text size="sm" fw={500} id="backups-sort-label">
                  Sort by
                </Text>
                <SegmentedControl
                  aria-labelledby="backups-sort-label"
                  data={sortOptions}
                  value={sort}
                  onChange={(value) => setSort(value as SortOrder)}
                />
              </Stack>
            </Group>
            <ErrorAlert error={actionError} />
            {backups.length === 0 ? (
              <Text c="dimmed">No backup matches “{search.trim()}”.</Text>
            ) : (
              <BackupsTable
                backups={backups}
                canRestore={canRestore}
                canDelete={canDelete}
                canDownload={canDownload}
                verifying={verifying}
                onVerify={(backup) => void verify(backup)}
                onRestore={setRestoring}
                onLink={(backup, decrypt) => setLinking({ backup, decrypt })}
                onLock={(backup, locked) => void lock(backup, locked)}
                locking={locking}
                onImportConfig={canImportConfig ? setImporting : undefined}
                onDelete={(backup) => {
                  setDeleteError(undefined);
                  setDeleting(backup);
                  setDeleteOpen(true);
                }}
              />
            )}
          </>
        )}
        <InvalidSidecars sidecars={listing.invalidSidecars} />
        <UnknownObjects objects={listing.unknownObjects} />
      </>
    );
  }

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/destinations" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          Destinations
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap="xs">
          <Title order={2}>Backups on {name}</Title>
          <Text c="dimmed">
            What this destination holds, read from the destination itself, newest first.
            {canRestore && ' Restore a backup into its source or another of the same engine.'}
          </Text>
        </Stack>
        <Button variant="default" leftSection={<IconRefresh size={16} />} loading={fetching} onClick={refresh}>
          Refresh
        </Button>
      </Group>
      <Stack gap="sm">{body}</Stack>
      {linking && canDownload && (
        <DownloadLinkDialog backup={linking.backup} decrypt={linking.decrypt} onClose={() => setLinking(undefined)} />
      )}
      {importing && canImportConfig && <ImportConfigDialog backup={importing} onClose={() => setImporting(undefined)} />}
      {restoring && <RestoreWizard backup={restoring} destinationName={name} onClose={() => setRestoring(undefined)} />}
      <ConfirmDialog
        opened={deleteOpen}
        title="Delete backup?"
        confirmLabel="Delete backup"
        busy={deleted.fetching}
        error={deleteError}
        onConfirm={() => void confirmDelete()}
        onClose={() => setDeleteOpen(false)}
      >
        This deletes <Code>{deleting?.objectKey}</Code> and its sidecar from {name}. It cannot be undone.
      </ConfirmDialog>
    </Stack>
  );
}

/** InvalidSidecars lists the sidecars that could not be used, and why. */
function InvalidSidecars({ sidecars }: { sidecars: Listing['invalidSidecars'] }) {
  if (sidecars.length === 0) return null;
  return (
    <Alert
      color="yellow"
      icon={<IconAlertTriangle />}
      title={`${sidecars.length} ${sidecars.length === 1 ? 'sidecar' : 'sidecars'} could not be read`}
    >
      <List size="sm" aria-label="Invalid sidecars">
        {sidecars.map((s) => (
          <List.Item key={s.key}>
            <Code>{s.key}</Code>: {s.reason}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** UnknownObjects is the collapsible list of the objects no sidecar describes. */
function UnknownObjects({ objects }: { objects: Listing['unknownObjects'] }) {
  const [opened, setOpened] = useState(false);
  if (objects.length === 0) return null;
  return (
    <Stack gap="xs">
      <Group>
        <Button
          variant="subtle"
          size="compact-md"
          leftSection={opened ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          aria-expanded={opened}
          onClick={() => setOpened(!opened)}
        >
          Objects without a sidecar ({objects.length})
        </Button>
      </Group>
      {opened && (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            No sidecar describes these objects: leftovers or files put there by hand. DBackup never deletes them.
          </Text>
          <Table aria-label="Objects without a sidecar" verticalSpacing="xs" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Object key</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>Modified</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {objects.map((o) => (
                <Table.Tr key={o.key}>
                  <Table.Td ff="monospace">{o.key}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(o.sizeBytes)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <DateTime value={o.modifiedAt} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Stack>
  );
}
