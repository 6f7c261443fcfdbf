import { NumberInput, Select, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { ConfigFormValues } from '../forms/fieldValues';
import { SecretField } from '../forms/SecretField';
import type { SecretState } from '../gql/graphql';
import { formSpec, type NotificationFieldSpec } from './fieldSpecs';

/** ChannelFormValues are a channel form's values: the generated fields, whether it is on, and its system events. */
export interface ChannelFormValues extends ConfigFormValues {
  enabled: boolean;
  systemEvents: string[];
}

export interface ChannelFieldsProps {
  fields: readonly NotificationFieldSpec[];
  form: UseFormReturnType<ChannelFormValues>;
  /** states are the stored secrets' states when editing; empty while creating. */
  states: Record<string, SecretState>;
}

/**
 * ChannelFields draws the inputs of a channel kind's field specs, in their order, each by its
 * type. Secrets are write-only: an empty input keeps the stored value, and "Clear" removes it.
 */
export function ChannelFields({ fields, form, states }: ChannelFieldsProps) {
  return (
    <Stack gap="sm">
      {fields.map((field) =>
        field.secret ? (
          <ChannelSecret key={field.name} field={field} form={form} state={states[field.name]} />
        ) : (
          <ChannelSetting key={field.name} field={field} form={form} />
        ),
      )}
    </Stack>
  );
}

interface SecretProps {
  field: NotificationFieldSpec;
  form: ChannelFieldsProps['form'];
  state?: SecretState;
}

/**
 * ChannelSecret is the shared secret input with the stored secret's state as the API reports it:
 * stored (leave empty to keep, or clear), stored but sealed under another key (re-enter), or empty.
 */
function ChannelSecret({ field, form, state }: SecretProps) {
  const path = `secrets.${field.name}`;
  return (
    <SecretField
      field={formSpec(field)}
      state={state}
      value={form.values.secrets[field.name] ?? ''}
      cleared={form.values.cleared[field.name] ?? false}
      error={form.errors[path] as string | undefined}
      onChange={(value) => {
        form.setFieldValue(path, value);
        // Typing a new value replaces the stored one rather than clearing it.
        if (value !== '') form.setFieldValue(`cleared.${field.name}`, false);
        form.clearFieldError(path);
      }}
      onClearedChange={(next) => form.setFieldValue(`cleared.${field.name}`, next)}
    />
  );
}

function ChannelSetting({ field, form }: { field: NotificationFieldSpec; form: ChannelFieldsProps['form'] }) {
  const path = `settings.${field.name}`;
  const common = {
    label: field.label,
    description: field.help || undefined,
    required: field.required,
    'data-field': field.name,
  };
  switch (field.type) {
    case 'BOOL':
      return <Switch {...common} required={false} {...form.getInputProps(path, { type: 'checkbox' })} />;
    case 'INT':
      return (
        <NumberInput {...common} min={0} allowDecimal={false} allowNegative={false} {...form.getInputProps(path)} />
      );
    case 'ENUM':
      return (
        <Select
          {...common}
          data={field.options}
          allowDeselect={!field.required && !field.default}
          clearable={!field.required && !field.default}
          {...form.getInputProps(path)}
        />
      );
    case 'TEXT':
      return <Textarea {...common} rows={3} spellCheck={false} {...form.getInputProps(path)} />;
    case 'URL':
      return (
        <TextInput {...common} type="url" placeholder="https://" spellCheck={false} {...form.getInputProps(path)} />
      );
    case 'EMAIL':
      return <TextInput {...common} type="email" spellCheck={false} {...form.getInputProps(path)} />;
    case 'EMAILS':
      return (
        <TextInput
          {...common}
          placeholder="ops@example.com, oncall@example.com"
          spellCheck={false}
          {...form.getInputProps(path)}
        />
      );
    default:
      return <TextInput {...common} spellCheck={false} {...form.getInputProps(path)} />;
  }
}
