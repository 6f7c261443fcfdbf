import { Button, Group, Loader, Text } from '@mantine/core';
import { IconArchive, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useCallback, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../admin/ErrorAlert';
import { ListLimitNote } from '../admin/ListLimitNote';
import { listLimit, nodes } from '../admin/lists';
import { alertOf } from '../admin/serverErrors';
import { useViewer } from '../auth/viewer';
import { backupsPath } from '../backups/routes';
import { type ConfigAction, ConfigTable } from '../forms/ConfigTable';
import { DeleteDialog } from '../forms/DeleteDialog';
import { useRowTests } from '../forms/rowTests';
import {
  DeleteDestinationDocument,
  DestinationListDocument,
  type DestinationRowFragment,
  TestDestinationDocument,
} from '../gql/graphql';
import { SectionPage } from '../pages/SectionPage';
import type { Section } from '../sections';
import { DestinationFormModal } from './DestinationFormModal';
import { DestinationTestResult } from './DestinationTestResult';
import { location, setting, trustsOnFirstUse, useDestinationKinds } from './kinds';

type Dialog = { action: 'create' } | { action: Exclude<ConfigAction, 'test'>; destination: DestinationRowFragment };

/**
 * DestinationsPage lists the destinations and lets a viewer with destinations:write create,
 * edit, test and delete them.
 */
export function DestinationsPage({ section }: { section: Section }) {
  const { can } = useViewer();
  const canWrite = can('destinations:write');
  const canSeeBackups = can('storage:read');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: DestinationListDocument,
    variables: { first: listLimit },
  });
  const { kinds } = useDestinationKinds();
  const [dialog, setDialog] = useState<Dialog>();
  const [removed, deleteDestination] = useMutation(DeleteDestinationDocument);
  const [, testDestination] = useMutation(TestDestinationDocument);
  const runTest = useCallback(
    async (id: string) => {
      const answer = await testDestination({ id });
      return { data: answer.data?.testDestination, error: answer.error };
    },
    [testDestination],
  );
  const { tests, start, dismiss } = useRowTests(runTest);
  const destinations = nodes(data?.destinations);

  const close = useCallback(() => setDialog(undefined), []);
  const done = useCallback(() => {
    setDialog(undefined);
    reexecute({ requestPolicy: 'network-only' });
  }, [reexecute]);
  const act = (action: ConfigAction, destination: DestinationRowFragment) => {
    if (action === 'test') void start(destination.id);
    else setDialog({ action, destination });
  };

  return (
    <SectionPage section={section}>
      <Group justify="flex-end">
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ action: 'create' })}>
            New destination
          </Button>
        )}
      </Group>
      {fetching && !data && <Loader aria-label="Loading the destinations" />}
      <ErrorAlert error={error && alertOf(error, 'Could not load the destinations')} />
      {data &&
        (destinations.length === 0 ? (
          <Text c="dimmed">No destinations yet.{canWrite && ' Add where backups go with New destination.'}</Text>
        ) : (
          <>
            <ConfigTable
              label="Destinations"
              kindHeader="Kind"
              whereHeader="Location"
              items={destinations}
              kinds={kinds}
              where={(d) => location(d.settings)}
              canWrite={canWrite}
              tests={tests}
              renderResult={(destination, result) => (
                <DestinationTestResult
                  result={result}
                  fields={kinds.find((k) => k.value === destination.kind)?.fields}
                  trustOnFirstUse={trustsOnFirstUse(setting(destination.settings, 'trust_on_first_use'))}
                />
              )}
              onAction={act}
              extraActions={
                canSeeBackups
                  ? (destination) => (
                      <Button
                        component={Link}
                        to={backupsPath(destination.id)}
                        size="compact-sm"
                        variant="default"
                        leftSection={<IconArchive size={14} />}
                        aria-label={`Backups on ${destination.name}`}
                      >
                        Backups
                      </Button>
                    )
                  : undefined
              }
              onDismissTest={dismiss}
            />
            <ListLimitNote shown={destinations.length} total={data.destinations.totalCount} noun="destinations" />
          </>
        ))}
      {dialog?.action === 'create' && <DestinationFormModal kinds={kinds} onClose={close} onSaved={done} />}
      {dialog?.action === 'edit' && (
        <DestinationFormModal kinds={kinds} destination={dialog.destination} onClose={close} onSaved={done} />
      )}
      {dialog?.action === 'delete' && (
        <DeleteDialog
          noun="destination"
          name={dialog.destination.name}
          busy={removed.fetching}
          remove={() => deleteDestination({ id: dialog.destination.id })}
          onClose={close}
          onDone={done}
        >
          The destination and its stored credentials are deleted from DBackup. The backups it holds stay in the storage,
          untouched. A destination that a job uses cannot be deleted.
        </DeleteDialog>
      )}
    </SectionPage>
  );
}
