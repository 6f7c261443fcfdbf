import type { FieldSpecFieldsFragment, SecretInput, SecretState, SettingInput } from '../gql/graphql';

export type FieldSpec = FieldSpecFieldsFragment;

/** FieldValue is what one input of a generated form holds: text, a number input's value, or a switch. */
export type FieldValue = string | number | boolean;

/**
 * ConfigFormValues are the values of a generated form: the name, the non-secret settings by field
 * name, what was typed into each secret input, and the stored secrets the user chose to clear.
 * Secrets start empty: a stored secret is never sent to the browser, so never prefilled.
 */
export interface ConfigFormValues {
  name: string;
  settings: Record<string, FieldValue>;
  secrets: Record<string, string>;
  cleared: Record<string, boolean>;
}

/** StoredConfig is what the edit form starts from: the saved settings and the state of each secret. */
export interface StoredConfig {
  name: string;
  settings: ReadonlyArray<{ name: string; value: string }>;
  secrets: ReadonlyArray<{ field: string; state: SecretState }>;
}

export function isSecret(field: FieldSpec): boolean {
  return field.type === 'SECRET';
}

/** fromText turns a stored or default setting into the value its input holds. */
function fromText(field: FieldSpec, text: string): FieldValue {
  if (field.type === 'BOOL') return text === 'true';
  return text;
}

/**
 * initialConfigValues are the form's starting values: the field defaults for a new item, or the
 * stored settings of an item being edited (a setting it has not stored shows its default).
 */
export function initialConfigValues(fields: readonly FieldSpec[], stored?: StoredConfig): ConfigFormValues {
  const saved = new Map(stored?.settings.map((s) => [s.name, s.value]));
  const values: ConfigFormValues = { name: stored?.name ?? '', settings: {}, secrets: {}, cleared: {} };
  for (const field of fields) {
    if (isSecret(field)) {
      values.secrets[field.name] = '';
      values.cleared[field.name] = false;
    } else {
      values.settings[field.name] = fromText(field, saved.get(field.name) ?? field.default ?? '');
    }
  }
  return values;
}

/** secretStates are the stored secrets' states by field name; a new item has none. */
export function secretStates(stored?: StoredConfig): Record<string, SecretState> {
  return Object.fromEntries((stored?.secrets ?? []).map((s) => [s.field, s.state]));
}

function toText(value: FieldValue | undefined): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  return (value ?? '').trim();
}

/**
 * settingsInput lists every non-secret field of the form. An empty value is sent too: on update
 * it clears the stored setting, which leaving it out would keep.
 */
export function settingsInput(fields: readonly FieldSpec[], values: ConfigFormValues): SettingInput[] {
  return fields.filter((f) => !isSecret(f)).map((f) => ({ name: f.name, value: toText(values.settings[f.name]) }));
}

/**
 * secretsInput lists the secrets to send: what the user typed, and an empty value for each
 * stored secret they cleared. An untouched secret input is left out, which keeps the stored
 * value on update.
 */
export function secretsInput(fields: readonly FieldSpec[], values: ConfigFormValues): SecretInput[] {
  const out: SecretInput[] = [];
  for (const field of fields.filter(isSecret)) {
    const typed = values.secrets[field.name] ?? '';
    if (typed !== '') out.push({ name: field.name, value: typed });
    else if (values.cleared[field.name]) out.push({ name: field.name, value: '' });
  }
  return out;
}

/** fieldPath is the form path of the field the server named in an error, or undefined for none. */
export function fieldPath(fields: readonly FieldSpec[], name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  if (name === 'name') return 'name';
  const field = fields.find((f) => f.name === name);
  if (!field) return undefined;
  return isSecret(field) ? `secrets.${field.name}` : `settings.${field.name}`;
}

/**
 * validateConfig checks what the browser can before sending: required fields are filled in and
 * paths are absolute. A required secret that is stored may stay empty, which keeps it.
 */
export function validateConfig(
  fields: readonly FieldSpec[],
  values: ConfigFormValues,
  states: Record<string, SecretState>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.name.trim() === '') errors.name = 'Enter a name';
  for (const field of fields) {
    if (isSecret(field)) {
      const stored = states[field.name] === 'SET' && !values.cleared[field.name];
      if (field.required && !stored && (values.secrets[field.name] ?? '') === '') {
        errors[`secrets.${field.name}`] = `${field.label} is required`;
      }
      continue;
    }
    const text = toText(values.settings[field.name]);
    if (field.required && field.type !== 'BOOL' && text === '') {
      errors[`settings.${field.name}`] = `${field.label} is required`;
    } else if (field.type === 'PATH' && text !== '' && !text.startsWith('/')) {
      errors[`settings.${field.name}`] = 'Enter an absolute path, starting with /';
    }
  }
  return errors;
}
