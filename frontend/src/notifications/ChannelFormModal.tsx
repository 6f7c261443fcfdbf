import { Button, Group, Loader, Modal, MultiSelect, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { type CombinedError, useMutation } from 'urql';
import { type AlertContent, ErrorAlert } from '../admin/ErrorAlert';
import {
  initialConfigValues,
  secretStates,
  secretsInput,
  settingsInput,
  validateConfig,
} from '../forms/fieldValues';
import { saveErrors } from '../forms/saveErrors';
import {
  CreateNotificationChannelDocument,
  type NotificationChannelKind,
  type NotificationChannelRowFragment,
  UpdateNotificationChannelDocument,
} from '../gql/graphql';
import { type ChannelFormValues, ChannelFields } from './ChannelFields';
import { eventLabel } from './events';
import { formSpec } from './fieldSpecs';
import type { ChannelKind } from './kinds';

export interface ChannelFormModalProps {
  kinds: readonly ChannelKind[];
  /** systemEvents are the system event types a channel can subscribe to. */
  systemEvents: readonly string[];
  /** channel is the channel to edit; without one the form creates a channel. */
  channel?: NotificationChannelRowFragment;
  onClose(): void;
  onSaved(): void;
}

/**
 * ChannelFormModal creates or edits a notification channel with the form of its kind, whether
 * it is enabled, and the system events it hears about. The form waits for the kinds, since its
 * inputs and starting values come from them.
 */
export function ChannelFormModal(props: ChannelFormModalProps) {
  const { channel, kinds, onClose } = props;
  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': 'Close' }}
      onClose={onClose}
      title={channel ? `Edit ${channel.name}` : 'New channel'}
      size="lg"
      centered
    >
      {kinds.length === 0 ? <Loader aria-label="Loading the form of the channel" /> : <ChannelForm {...props} />}
    </Modal>
  );
}

function startValues(kind: ChannelKind | undefined, channel?: NotificationChannelRowFragment): ChannelFormValues {
  const fields = (kind?.fields ?? []).map(formSpec);
  return {
    ...initialConfigValues(fields, channel),
    enabled: channel?.enabled ?? true,
    systemEvents: [...(channel?.systemEvents ?? [])],
  };
}

function ChannelForm({ kinds, systemEvents, channel, onClose, onSaved }: ChannelFormModalProps) {
  const [, createChannel] = useMutation(CreateNotificationChannelDocument);
  const [, updateChannel] = useMutation(UpdateNotificationChannelDocument);
  const [kind, setKind] = useState<string>(channel?.kind ?? '');
  const spec = kinds.find((k) => k.value === kind);
  const fields = spec?.fields ?? [];
  const [states] = useState(() => secretStates(channel));
  const [alert, setAlert] = useState<AlertContent>();
  const [busy, setBusy] = useState(false);
  const form = useForm<ChannelFormValues>({ initialValues: startValues(spec, channel) });

  const chooseKind = (value: string | null) => {
    if (!value || value === kind) return;
    setKind(value);
    form.setErrors({});
    const next = startValues(kinds.find((k) => k.value === value));
    form.setValues({
      ...next,
      name: form.values.name,
      enabled: form.values.enabled,
      systemEvents: form.values.systemEvents,
    });
  };

  const fail = (error: CombinedError) => {
    const title = channel ? `Could not save ${channel.name}` : 'Could not create the channel';
    const split = saveErrors(error, fields.map(formSpec), title);
    form.setErrors(split.fields);
    setAlert(split.alert);
  };

  const submit = async (values: ChannelFormValues) => {
    setAlert(undefined);
    const specs = fields.map(formSpec);
    const errors = validateConfig(specs, values, states);
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    const common = {
      name: values.name.trim(),
      settings: settingsInput(specs, values),
      secrets: secretsInput(specs, values),
      enabled: values.enabled,
      systemEvents: values.systemEvents,
    };
    setBusy(true);
    const answer = channel
      ? await updateChannel({ id: channel.id, input: common })
      : await createChannel({ input: { ...common, kind: kind as NotificationChannelKind } });
    setBusy(false);
    if (answer.error) return fail(answer.error);
    const verb = channel ? 'saved' : 'created';
    notifications.show({ color: 'green', title: `Channel ${verb}`, message: `${common.name} is ${verb}.` });
    onSaved();
  };

  const eventOptions = systemEvents.map((type) => ({ value: type, label: eventLabel(type) }));
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <Select
          label="Kind"
          required
          disabled={!!channel}
          placeholder="Choose the kind"
          data={kinds.map((k) => ({ value: k.value, label: k.label }))}
          value={kind || null}
          onChange={chooseKind}
          allowDeselect={false}
        />
        <TextInput label="Name" required autoComplete="off" {...form.getInputProps('name')} />
        {kind && <ChannelFields fields={fields} form={form} states={states} />}
        <Switch
          label="Enabled"
          description="A disabled channel receives nothing."
          {...form.getInputProps('enabled', { type: 'checkbox' })}
        />
        <MultiSelect
          label="System events"
          description="Besides the jobs that name this channel, which events of DBackup itself it hears about."
          placeholder={form.values.systemEvents.length === 0 ? 'None' : undefined}
          data={eventOptions}
          clearable
          {...form.getInputProps('systemEvents')}
        />
        <ErrorAlert error={alert} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={!kind} loading={busy}>
            {channel ? 'Save' : 'Create channel'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
