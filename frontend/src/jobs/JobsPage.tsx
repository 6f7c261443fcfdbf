import { Button, Group, Loader, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../admin/ErrorAlert';
import { ListLimitNote } from '../admin/ListLimitNote';
import { listLimit, nodes } from '../admin/lists';
import { alertOf } from '../admin/serverErrors';
import { useViewer } from '../auth/viewer';
import { DeleteDialog } from '../forms/DeleteDialog';
import { executionPath } from '../executions/status';
import { DeleteJobDocument, JobListDocument, type JobRowFragment, RunJobDocument } from '../gql/graphql';
import { SectionPage } from '../pages/SectionPage';
import type { Section } from '../sections';
import { JobFormModal } from './JobFormModal';
import { type JobAction, JobsTable } from './JobsTable';

type Dialog = { action: 'create' } | { action: Exclude<JobAction, 'run'>; job: JobRowFragment };

/**
 * JobsPage lists the jobs and lets a viewer with jobs:write create, change, pause and delete them,
 * and one with jobs:run start a backup now and follow it live.
 */
export function JobsPage({ section }: { section: Section }) {
  const { can } = useViewer();
  const canWrite = can('jobs:write');
  const canRun = can('jobs:run');
  const navigate = useNavigate();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: JobListDocument, variables: { first: listLimit } });
  const [removed, deleteJob] = useMutation(DeleteJobDocument);
  const [dialog, setDialog] = useState<Dialog>();
  const [started, runJob] = useMutation(RunJobDocument);
  const [starting, setStarting] = useState<string>();
  const jobs = nodes(data?.jobs);

  const close = useCallback(() => setDialog(undefined), []);
  const done = useCallback(() => {
    setDialog(undefined);
    reexecute({ requestPolicy: 'network-only' });
  }, [reexecute]);

  const run = async (job: JobRowFragment) => {
    setStarting(job.id);
    const result = await runJob({ id: job.id });
    setStarting(undefined);
    if (result.error || !result.data) {
      const alert = result.error ? alertOf(result.error, `Could not start ${job.name}`) : undefined;
      if (alert) notifications.show({ color: 'red', title: alert.title, message: alert.message });
      return;
    }
    navigate(executionPath(result.data.runJob.id));
  };
  const act = (action: JobAction, job: JobRowFragment) => {
    if (action === 'run') void run(job);
    else setDialog({ action, job });
  };

  return (
    <SectionPage section={section}>
      <Group justify="flex-end">
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ action: 'create' })}>
            New job
          </Button>
        )}
      </Group>
      {fetching && !data && <Loader aria-label="Loading the jobs" />}
      <ErrorAlert error={error && alertOf(error, 'Could not load the jobs')} />
      {data &&
        (jobs.length === 0 ? (
          <Text c="dimmed">
            No jobs yet.{canWrite && ' A job backs up a source to destinations: create one with New job.'}
          </Text>
        ) : (
          <>
            <JobsTable
              jobs={jobs}
              canWrite={canWrite}
              canRun={canRun}
              starting={started.fetching ? starting : undefined}
              onAction={act}
            />
            <ListLimitNote shown={jobs.length} total={data.jobs.totalCount} noun="jobs" />
          </>
        ))}
      {dialog?.action === 'create' && <JobFormModal onClose={close} onSaved={done} />}
      {dialog?.action === 'edit' && <JobFormModal job={dialog.job} onClose={close} onSaved={done} />}
      {dialog?.action === 'delete' && (
        <DeleteDialog
          noun="job"
          name={dialog.job.name}
          busy={removed.fetching}
          remove={() => deleteJob({ id: dialog.job.id })}
          onClose={close}
          onDone={done}
        >
          The job stops running. Its past backups stay where they are and can still be restored.
        </DeleteDialog>
      )}
    </SectionPage>
  );
}
