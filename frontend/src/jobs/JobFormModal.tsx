import { Button, Code, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { type AlertContent, ErrorAlert } from '../admin/ErrorAlert';
import { formErrors } from '../admin/serverErrors';
import { useViewer } from '../auth/viewer';
import { CreateJobDocument, type JobCompression, type JobRowFragment, UpdateJobDocument } from '../gql/graphql';
import { DatabasesInput } from './DatabasesInput';
import {
  compressions,
  createJobInput,
  defaultNameTemplate,
  initialJobValues,
  type JobFormValues,
  jobFormFields,
  nameTemplateTokens,
  updateJobInput,
  validateJobName,
  validateSchedule,
  validateSource,
  validateTargets,
} from './jobForm';
import { NotifyFields } from './NotifyFields';
import { useJobOptions } from './options';
import { ScheduleFields } from './ScheduleFields';
import { TargetsEditor } from './TargetsEditor';

export interface JobFormModalProps {
  /** job is the job to edit; without one the form creates a job. */
  job?: JobRowFragment;
  onClose(): void;
  onSaved(): void;
}

/**
 * JobFormModal creates or edits a job: its source and databases, its ordered destinations with
 * their retention, compression, encryption, schedule and the channels told about its runs. An
 * edit sends only what changed.
 */
export function JobFormModal({ job, onClose, onSaved }: JobFormModalProps) {
  const { can } = useViewer();
  const [initial] = useState(() => initialJobValues(job));
  const [alert, setAlert] = useState<AlertContent>();
  const options = useJobOptions(job);
  const [created, createJob] = useMutation(CreateJobDocument);
  const [updated, updateJob] = useMutation(UpdateJobDocument);
  const form = useForm<JobFormValues>({
    initialValues: initial,
    validate: { name: validateJobName, sourceId: validateSource, targets: validateTargets, schedule: validateSchedule },
  });

  const submit = async (values: JobFormValues) => {
    setAlert(undefined);
    const result = job
      ? await updateJob({ id: job.id, input: updateJobInput(values, initial) })
      : await createJob({ input: createJobInput(values) });
    if (result.error) {
      const errors = formErrors(result.error, {
        fields: [...jobFormFields, 'clearEncryptionProfile'],
        conflictField: 'name',
        title: job ? `Could not save ${job.name}` : 'Could not create the job',
      });
      if (errors.fields.clearEncryptionProfile)
        errors.fields.encryptionProfileId = errors.fields.clearEncryptionProfile;
      form.setErrors(errors.fields);
      setAlert(errors.alert);
      return;
    }
    const name = values.name.trim();
    notifications.show({
      color: 'green',
      title: job ? 'Job saved' : 'Job created',
      message: `${name} is ${job ? 'saved' : 'created'}.`,
    });
    onSaved();
  };

  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': 'Close' }}
      onClose={onClose}
      title={job ? `Edit ${job.name}` : 'New job'}
      size="xl"
      centered
    >
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <TextInput label="Name" required autoComplete="off" {...form.getInputProps('name')} />
          <Select
            label="Source"
            description="The database server to back up."
            required
            data={options.sources}
            searchable
            nothingFoundMessage="No such source"
            {...form.getInputProps('sourceId')}
          />
          <DatabasesInput
            value={form.values.databases}
            onChange={(databases) => form.setFieldValue('databases', databases)}
            error={form.errors.databases as string | undefined}
            sourceId={form.values.sourceId}
            canLoad={can('sources:write')}
          />
          <TargetsEditor
            form={form}
            destinations={options.destinations}
            saved={job && can('storage:read') ? { jobId: job.id, targets: initial.targets } : undefined}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Compression"
              description="Applied before encryption."
              data={compressions}
              allowDeselect={false}
              {...form.getInputProps('compression')}
              onChange={(v) => v && form.setFieldValue('compression', v as JobCompression)}
            />
            <Select
              label="Encryption profile"
              description="Empty writes unencrypted backups."
              placeholder="No encryption"
              data={options.profiles}
              clearable
              clearButtonProps={{ 'aria-label': 'No encryption', 'aria-hidden': false, tabIndex: 0 }}
              {...form.getInputProps('encryptionProfileId')}
            />
          </SimpleGrid>
          <TextInput
            label="Object name template"
            placeholder={defaultNameTemplate}
            autoComplete="off"
            spellCheck={false}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            description={
              <>
                How stored backups are named; empty uses <Code>{defaultNameTemplate}</Code>. Tokens:{' '}
                {nameTemplateTokens.join(' ')}. The extension (.dump, .sql, .sqlite or .tar, then .zst, .gz or .br,
                then .enc) is added automatically.
              </>
            }
            {...form.getInputProps('nameTemplate')}
          />
          <ScheduleFields form={form} />
          <NotifyFields form={form} />
          <ErrorAlert error={alert} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={created.fetching || updated.fetching}>
              {job ? 'Save' : 'Create job'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
