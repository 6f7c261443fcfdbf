import { Button, Group, Loader, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlugConnected } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import type { CombinedError } from 'urql';
import { type AlertContent, ErrorAlert } from '../admin/ErrorAlert';
import { alertOf } from '../admin/serverErrors';
import type { SecretInput, SettingInput, TestErrorFieldsFragment } from '../gql/graphql';
import {
  type ConfigFormValues,
  type FieldSpec,
  fieldPath,
  initialConfigValues,
  secretStates,
  secretsInput,
  settingsInput,
  type StoredConfig,
  validateConfig,
} from './fieldValues';
import { saveErrors } from './saveErrors';
import { SpecFields } from './SpecFields';

/** ConfigKind is one engine or kind the user can choose, with the fields of its form. */
export interface ConfigKind {
  value: string;
  label: string;
  fields: readonly FieldSpec[];
}

/** ConfigPayload is what the form sends to save or test: the item as the inputs have it. */
export interface ConfigPayload {
  name: string;
  kind: string;
  settings: SettingInput[];
  secrets: SecretInput[];
}

/** TestOutcome is the part of a source's or destination's test result that the form acts on. */
export interface TestOutcome {
  ok: boolean;
  error?: TestErrorFieldsFragment | null;
}

/** Answer is what a save or test mutation resolved with. */
export interface Answer<T> {
  data?: T;
  error?: CombinedError;
}

export interface ConfigFormModalProps<R extends TestOutcome> {
  /** noun names what the form edits: "source" or "destination". */
  noun: string;
  /** kindLabel labels the choice of kinds: "Engine" or "Kind". */
  kindLabel: string;
  kinds: readonly ConfigKind[];
  /** item is the item to edit, with its kind; without one the form creates an item. */
  item?: StoredConfig & { kind: string };
  save(payload: ConfigPayload): Promise<Answer<unknown>>;
  test(payload: ConfigPayload): Promise<Answer<R>>;
  /** ResultView shows a test that the server could run, whether or not it connected. */
  ResultView(props: { result: R; fields: readonly FieldSpec[]; values: ConfigFormValues }): ReactNode;
  onClose(): void;
  onSaved(): void;
}

/**
 * ConfigFormModal creates or edits a source or a destination with a form generated from the
 * chosen kind's field specs, and tests the connection with what the form holds, before or
 * without saving. A failed test that names a setting marks that input. The form waits for the
 * specs, since its inputs and starting values come from them.
 */
export function ConfigFormModal<R extends TestOutcome>(props: ConfigFormModalProps<R>) {
  const { noun, kinds, item, onClose } = props;
  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': 'Close' }}
      onClose={onClose}
      title={item ? `Edit ${item.name}` : `New ${noun}`}
      size="lg"
      centered
    >
      {kinds.length === 0 ? <Loader aria-label={`Loading the form of the ${noun}`} /> : <ConfigForm {...props} />}
    </Modal>
  );
}

function ConfigForm<R extends TestOutcome>(props: ConfigFormModalProps<R>) {
  const { noun, kindLabel, kinds, item, save, test, ResultView, onClose, onSaved } = props;
  const [kind, setKind] = useState(item?.kind ?? '');
  const fields = kinds.find((k) => k.value === kind)?.fields ?? [];
  const [states] = useState(() => secretStates(item));
  const [alert, setAlert] = useState<AlertContent>();
  const [result, setResult] = useState<R>();
  const [busy, setBusy] = useState<'save' | 'test'>();
  const form = useForm<ConfigFormValues>({ initialValues: initialConfigValues(fields, item) });

  const payload = (values: ConfigFormValues): ConfigPayload => ({
    name: values.name.trim(),
    kind,
    settings: settingsInput(fields, values),
    secrets: secretsInput(fields, values),
  });

  const chooseKind = (value: string | null) => {
    if (!value || value === kind) return;
    const next = kinds.find((k) => k.value === value)?.fields ?? [];
    setKind(value);
    setResult(undefined);
    form.setErrors({});
    form.setValues({ ...initialConfigValues(next), name: form.values.name });
  };

  const submit = async (values: ConfigFormValues) => {
    setAlert(undefined);
    const errors = validateConfig(fields, values, states);
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setBusy('save');
    const answer = await save(payload(values));
    setBusy(undefined);
    if (answer.error) return fail(answer.error);
    const name = values.name.trim();
    const title = `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${item ? 'saved' : 'created'}`;
    notifications.show({ color: 'green', title, message: `${name} is ${item ? 'saved' : 'created'}.` });
    onSaved();
  };

  const fail = (error: CombinedError) => {
    const title = item ? `Could not save ${item.name}` : `Could not create the ${noun}`;
    const split = saveErrors(error, fields, title);
    form.setErrors(split.fields);
    setAlert(split.alert);
  };

  const runTest = async () => {
    setAlert(undefined);
    setResult(undefined);
    setBusy('test');
    const answer = await test({ ...payload(form.values), name: form.values.name.trim() || `unsaved ${noun}` });
    setBusy(undefined);
    if (answer.error) return setAlert(alertOf(answer.error, 'Could not run the connection test'));
    if (!answer.data) return;
    setResult(answer.data);
    const path = fieldPath(fields, answer.data.error?.field);
    if (path && answer.data.error) {
      form.setFieldError(path, answer.data.error.message);
      document.querySelector(`[data-field="${answer.data.error.field}"]`)?.scrollIntoView({ block: 'center' });
    }
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <Select
          label={kindLabel}
          required
          disabled={!!item}
          placeholder={`Choose the ${kindLabel.toLowerCase()}`}
          data={kinds.map((k) => ({ value: k.value, label: k.label }))}
          value={kind || null}
          onChange={chooseKind}
          allowDeselect={false}
        />
        <TextInput label="Name" required autoComplete="off" {...form.getInputProps('name')} />
        {kind && <SpecFields fields={fields} form={form} states={states} />}
        {result && (
          <section aria-label="Connection test">
            <ResultView result={result} fields={fields} values={form.values} />
          </section>
        )}
        <ErrorAlert error={alert} />
        <Group justify="space-between">
          <Button
            variant="default"
            leftSection={<IconPlugConnected size={16} />}
            disabled={!kind}
            loading={busy === 'test'}
            onClick={runTest}
          >
            Test connection
          </Button>
          <Group>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!kind} loading={busy === 'save'}>
              {item ? 'Save' : `Create ${noun}`}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
