import { Button, Group, Loader, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../admin/ErrorAlert';
import { ListLimitNote } from '../admin/ListLimitNote';
import { listLimit, nodes } from '../admin/lists';
import { alertOf } from '../admin/serverErrors';
import { useViewer } from '../auth/viewer';
import { type ConfigAction, ConfigTable } from '../forms/ConfigTable';
import { DeleteDialog } from '../forms/DeleteDialog';
import { useRowTests } from '../forms/rowTests';
import {
  DeleteSourceDocument,
  SourceListDocument,
  type SourceRowFragment,
  type SourceTestFieldsFragment,
  TestSourceDocument,
} from '../gql/graphql';
import { SectionPage } from '../pages/SectionPage';
import type { Section } from '../sections';
import { endpoint, useSourceEngines } from './engines';
import { SourceFormModal } from './SourceFormModal';
import { SourceTestResult } from './SourceTestResult';

type Dialog = { action: 'create' } | { action: Exclude<ConfigAction, 'test'>; source: SourceRowFragment };

/**
 * SourcesPage lists the sources and lets a viewer with sources:write create, edit, test and
 * delete them.
 */
export function SourcesPage({ section }: { section: Section }) {
  const { can } = useViewer();
  const canWrite = can('sources:write');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: SourceListDocument,
    variables: { first: listLimit },
  });
  const { engines } = useSourceEngines();
  const [dialog, setDialog] = useState<Dialog>();
  const [removed, deleteSource] = useMutation(DeleteSourceDocument);
  const [, testSource] = useMutation(TestSourceDocument);
  const runTest = useCallback(
    async (id: string) => {
      const answer = await testSource({ id });
      return { data: answer.data?.testSource, error: answer.error };
    },
    [testSource],
  );
  const { tests, start, dismiss } = useRowTests(runTest);
  const sources = nodes(data?.sources).map((source) => ({ ...source, kind: source.engine }));

  const close = useCallback(() => setDialog(undefined), []);
  const done = useCallback(() => {
    setDialog(undefined);
    reexecute({ requestPolicy: 'network-only' });
  }, [reexecute]);
  const act = (action: ConfigAction, source: SourceRowFragment) => {
    if (action === 'test') void start(source.id);
    else setDialog({ action, source });
  };

  return (
    <SectionPage section={section}>
      <Group justify="flex-end">
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ action: 'create' })}>
            New source
          </Button>
        )}
      </Group>
      {fetching && !data && <Loader aria-label="Loading the sources" />}
      <ErrorAlert error={error && alertOf(error, 'Could not load the sources')} />
      {data &&
        (sources.length === 0 ? (
          <Text c="dimmed">No sources yet.{canWrite && ' Add the first database to back up with New source.'}</Text>
        ) : (
          <>
            <ConfigTable<SourceRowFragment & { kind: string }, SourceTestFieldsFragment>
              label="Sources"
              kindHeader="Engine"
              whereHeader="Host / file"
              items={sources}
              kinds={engines}
              where={endpoint}
              canWrite={canWrite}
              tests={tests}
              renderResult={(source, result) => (
                <SourceTestResult result={result} fields={engines.find((e) => e.value === source.engine)?.fields} />
              )}
              onAction={act}
              onDismissTest={dismiss}
            />
            <ListLimitNote shown={sources.length} total={data.sources.totalCount} noun="sources" />
          </>
        ))}
      {dialog?.action === 'create' && <SourceFormModal engines={engines} onClose={close} onSaved={done} />}
      {dialog?.action === 'edit' && (
        <SourceFormModal engines={engines} source={dialog.source} onClose={close} onSaved={done} />
      )}
      {dialog?.action === 'delete' && (
        <DeleteDialog
          noun="source"
          name={dialog.source.name}
          busy={removed.fetching}
          remove={() => deleteSource({ id: dialog.source.id })}
          onClose={close}
          onDone={done}
        >
          The source and its stored secrets are deleted. Backups already made from it stay where they are. A source that
          a job uses cannot be deleted.
        </DeleteDialog>
      )}
    </SectionPage>
  );
}
