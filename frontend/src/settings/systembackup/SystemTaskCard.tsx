import {
  Alert,
  Button,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { DateTime } from '../../admin/DateTime';
import { type AlertContent, ErrorAlert } from '../../admin/ErrorAlert';
import { listLimit, nodes } from '../../admin/lists';
import { alertOf, formErrors } from '../../admin/serverErrors';
import { usePermissions } from '../../admin/usePermissions';
import {
  DestinationOptionsDocument,
  ProfileOptionsDocument,
  RunSystemTaskDocument,
  type SystemTaskFieldsFragment,
  type SystemTaskKind,
  type SystemTaskRunFieldsFragment,
  SystemTaskDocument,
  UpdateSystemTaskDocument,
} from '../../gql/graphql';
import { RestoreSteps } from './RestoreSteps';
import { RunResult } from './RunResult';
import {
  initialTaskValues,
  keepLastMax,
  type SystemTaskFormValues,
  systemTaskFields,
  taskInput,
  validateTask,
} from './systemTaskForm';
import { TaskScheduleFields } from './TaskScheduleFields';

interface Option {
  value: string;
  label: string;
}

/** withCurrent adds what the task already uses, so a viewer who cannot list the others still sees it. */
function withCurrent(options: Option[], current?: { id: string; name: string } | null): Option[] {
  if (!current || options.some((o) => o.value === current.id)) return options;
  return [...options, { value: current.id, label: current.name }];
}

/** useTaskOptions lists the destinations and encryption profiles a task can use, as the job form does. */
function useTaskOptions(task: SystemTaskFieldsFragment) {
  const { can } = usePermissions();
  const variables = { first: listLimit };
  const [destinations] = useQuery({ query: DestinationOptionsDocument, variables, pause: !can('destinations:read') });
  const [profiles] = useQuery({ query: ProfileOptionsDocument, variables, pause: !can('vault:read') });
  return {
    destinations: withCurrent(
      nodes(destinations.data?.destinations).map((d) => ({ value: d.id, label: d.name })),
      task.destination,
    ),
    profiles: withCurrent(
      nodes(profiles.data?.encryptionProfiles).map((p) => ({ value: p.id, label: `${p.name} (${p.keyID})` })),
      task.encryptionProfile,
    ),
  };
}

export interface SystemTaskCardProps {
  kind: SystemTaskKind;
  title: string;
  /** description says what the task backs up, in a sentence or two. */
  description: string;
  /** steps shows the task's restore steps in the card; off when the page shows them itself. */
  steps?: boolean;
}

/**
 * SystemTaskCard shows and edits one of DBackup's own scheduled backups: whether and when it runs,
 * where to and under which encryption profile, how many to keep, its last and next run, and how
 * to restore what it writes. Run now starts it at once and shows the finished run.
 */
export function SystemTaskCard({ kind, title, description, steps = true }: SystemTaskCardProps) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: SystemTaskDocument, variables: { kind } });
  const task = data?.systemTask;
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={4}>{title}</Title>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
        {fetching && !data && <Loader size="sm" aria-label={`Loading the ${title} settings`} />}
        <ErrorAlert error={error && alertOf(error, `Could not load the ${title} settings`)} />
        {task && (
          <SystemTaskForm
            key={task.kind}
            task={task}
            title={title}
            onRan={() => refetch({ requestPolicy: 'network-only' })}
          />
        )}
        {task && steps && task.restoreSteps.length > 0 && (
          <Stack gap={4}>
            <Title order={5}>How to restore</Title>
            <RestoreSteps steps={task.restoreSteps} label={`How to restore a ${title}`} />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function SystemTaskForm({ task, title, onRan }: { task: SystemTaskFieldsFragment; title: string; onRan(): void }) {
  const { can } = usePermissions();
  const canWrite = can('settings:write');
  const options = useTaskOptions(task);
  const [alert, setAlert] = useState<AlertContent>();
  const [run, setRun] = useState<SystemTaskRunFieldsFragment>();
  const [saved, updateTask] = useMutation(UpdateSystemTaskDocument);
  const [running, runTask] = useMutation(RunSystemTaskDocument);
  const form = useForm<SystemTaskFormValues>({ initialValues: initialTaskValues(task), validate: validateTask });
  const readyToRun = Boolean(task.destination && task.encryptionProfile);

  const submit = async (values: SystemTaskFormValues) => {
    setAlert(undefined);
    const result = await updateTask({ kind: task.kind, input: taskInput(values) });
    const next = result.data?.updateSystemTask;
    if (result.error || !next) {
      if (result.error) {
        const errors = formErrors(result.error, { fields: systemTaskFields, title: `Could not save the ${title}` });
        form.setErrors(errors.fields);
        setAlert(errors.alert);
      }
      return;
    }
    const stored = initialTaskValues(next);
    form.setInitialValues(stored);
    form.setValues(stored);
    notifications.show({
      color: 'green',
      title: `${title} saved`,
      message: next.enabled ? `The ${title} runs on its schedule.` : `The ${title} is off; Run now still works.`,
    });
  };

  const runNow = async () => {
    setAlert(undefined);
    setRun(undefined);
    const result = await runTask({ kind: task.kind });
    if (result.error) {
      setAlert(alertOf(result.error, `Could not run the ${title}`));
      return;
    }
    setRun(result.data?.runSystemTask);
    onRan();
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="sm">
        <Switch
          label="Enabled"
          description="Off stops the scheduled runs; Run now still works once a destination and a profile are saved."
          disabled={!canWrite}
          {...form.getInputProps('enabled', { type: 'checkbox' })}
        />
        <TaskScheduleFields
          schedule={form.values.schedule}
          timezone={form.values.timezone}
          onScheduleChange={(schedule) => {
            form.setFieldValue('schedule', schedule);
            form.clearFieldError('schedule');
          }}
          onTimezoneChange={(zone) => form.setFieldValue('timezone', zone)}
          errors={{
            schedule: form.errors.schedule as string | undefined,
            timezone: form.errors.timezone as string | undefined,
          }}
          disabled={!canWrite}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="Destination"
            description="Where the backups are stored."
            placeholder="Choose a destination"
            required={form.values.enabled}
            data={options.destinations}
            searchable
            nothingFoundMessage="No such destination"
            disabled={!canWrite}
            {...form.getInputProps('destinationId')}
          />
          <Select
            label="Encryption profile"
            description="Required: the backup holds credentials."
            placeholder="Choose a profile"
            required={form.values.enabled}
            data={options.profiles}
            searchable
            nothingFoundMessage="No such profile"
            disabled={!canWrite}
            {...form.getInputProps('encryptionProfileId')}
          />
          <NumberInput
            label="Keep last"
            description={`The newest backups kept on the destination, 1 to ${keepLastMax}.`}
            min={1}
            max={keepLastMax}
            allowDecimal={false}
            allowNegative={false}
            disabled={!canWrite}
            {...form.getInputProps('keepLast')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              Next run
            </Text>
            {task.enabled && task.nextRunAt ? (
              <DateTime value={task.nextRunAt} />
            ) : (
              <Text size="sm" c="dimmed">
                None scheduled: the {title} is off.
              </Text>
            )}
          </Stack>
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              Last run
            </Text>
            {task.lastRun ? (
              <RunResult run={task.lastRun} label="Last run" />
            ) : (
              <Text size="sm" c="dimmed">
                It has not run yet.
              </Text>
            )}
          </Stack>
        </SimpleGrid>
        <ErrorAlert error={alert} />
        {run && (
          <Alert
            color={run.status === 'FAILED' ? 'red' : 'green'}
            icon={run.status === 'FAILED' ? <IconAlertTriangle /> : <IconCheck />}
            title={run.status === 'FAILED' ? 'The run failed' : 'The run finished'}
          >
            <RunResult run={run} label="Run now result" />
          </Alert>
        )}
        {canWrite && (
          <Group>
            <Button type="submit" loading={saved.fetching}>
              Save
            </Button>
            <Button
              variant="default"
              leftSection={<IconPlayerPlay size={16} />}
              loading={running.fetching}
              disabled={!readyToRun}
              onClick={() => void runNow()}
            >
              Run now
            </Button>
            {!readyToRun ? (
              <Text size="sm" c="dimmed">
                Save a destination and an encryption profile before running it.
              </Text>
            ) : (
              form.isDirty() && (
                <Text size="sm" c="dimmed">
                  Run now uses the saved settings, not unsaved changes.
                </Text>
              )
            )}
          </Group>
        )}
      </Stack>
    </form>
  );
}
