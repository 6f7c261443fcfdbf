import { NumberInput, Select, Stack, Switch, TextInput, Textarea } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { SecretState } from '../gql/graphql';
import type { ConfigFormValues, FieldSpec } from './fieldValues';
import { SecretField } from './SecretField';

export interface SpecFieldsProps {
  fields: readonly FieldSpec[];
  form: UseFormReturnType<ConfigFormValues>;
  /** states are the stored secrets' states when editing; empty while creating. */
  states: Record<string, SecretState>;
}

/**
 * SpecFields draws the inputs of an engine's or kind's field specs, in their order, each by its
 * type, with the spec's label, help and required mark. No engine or kind has a form of its own:
 * a new one on the server needs no change here.
 */
export function SpecFields({ fields, form, states }: SpecFieldsProps) {
  return (
    <Stack gap="sm">
      {fields.map((field) => (
        <SpecField key={field.name} field={field} form={form} state={states[field.name]} />
      ))}
    </Stack>
  );
}

function SpecField({ field, form, state }: { field: FieldSpec; form: SpecFieldsProps['form']; state?: SecretState }) {
  const path = `settings.${field.name}`;
  const common = {
    label: field.label,
    description: field.help || undefined,
    required: field.required,
    'data-field': field.name,
  };
  switch (field.type) {
    case 'SECRET': {
      const secretPath = `secrets.${field.name}`;
      return (
        <SecretField
          field={field}
          state={state}
          value={form.values.secrets[field.name] ?? ''}
          cleared={form.values.cleared[field.name] ?? false}
          error={form.errors[secretPath] as string | undefined}
          onChange={(value) => {
            form.setFieldValue(secretPath, value);
            // Typing a new value replaces the stored one rather than clearing it.
            if (value !== '') form.setFieldValue(`cleared.${field.name}`, false);
            form.clearFieldError(secretPath);
          }}
          onClearedChange={(cleared) => form.setFieldValue(`cleared.${field.name}`, cleared)}
        />
      );
    }
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
      return (
        <Textarea
          {...common}
          rows={3}
          spellCheck={false}
          styles={{ input: { fontFamily: 'monospace' } }}
          {...form.getInputProps(path)}
        />
      );
    case 'PATH':
      return <TextInput {...common} placeholder="/absolute/path" spellCheck={false} {...form.getInputProps(path)} />;
    default:
      return <TextInput {...common} spellCheck={false} {...form.getInputProps(path)} />;
  }
}
