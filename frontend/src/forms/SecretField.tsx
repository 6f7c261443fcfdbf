import { Badge, Button, Group, PasswordInput, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { SecretState } from '../gql/graphql';
import type { FieldSpec } from './fieldValues';

/** storedPlaceholder is what an empty input of a stored secret says: leaving it empty keeps the secret. */
export const storedPlaceholder = 'stored — leave empty to keep';

/** undecryptableNote marks a stored secret that the loaded ENCRYPTION_KEY cannot open. */
export const undecryptableNote = 'cannot be decrypted — re-enter';

export interface SecretFieldProps {
  field: FieldSpec;
  /** state is the stored secret's state when editing; undefined while creating. */
  state?: SecretState;
  value: string;
  /** cleared is true once the user chose to clear the stored value on save. */
  cleared: boolean;
  onChange(value: string): void;
  onClearedChange(cleared: boolean): void;
  error?: string;
}

/** maskedText hides what is typed into a multi-line secret where the browser supports it. */
const maskedText = { input: { WebkitTextSecurity: 'disc', fontFamily: 'monospace' } } as const;

/**
 * SecretField is a write-only input of a generated form. It never shows a stored value: a stored
 * secret's input starts empty and says that leaving it so keeps it, and a "clear" action sends an
 * explicit empty value instead. A secret the loaded key cannot open is flagged for re-entry.
 * PEM keys span several lines, which a password input would join, so the input can switch to a
 * masked text area.
 */
export function SecretField({ field, state, value, cleared, onChange, onClearedChange, error }: SecretFieldProps) {
  const [multiline, setMultiline] = useState(false);
  const stored = state === 'SET' || state === 'UNDECRYPTABLE';
  const undecryptable = state === 'UNDECRYPTABLE';

  let placeholder: string | undefined;
  if (cleared) placeholder = 'cleared when you save';
  else if (state === 'SET') placeholder = storedPlaceholder;
  else if (undecryptable) placeholder = 're-enter the value';

  const description = (
    <>
      {undecryptable && !cleared && (
        <Badge component="span" color="red" variant="filled" size="xs" mr={6}>
          {undecryptableNote}
        </Badge>
      )}
      {cleared ? 'The stored value is removed when you save.' : field.help}
    </>
  );
  const common = {
    label: field.label,
    description,
    placeholder,
    error,
    required: field.required && !(state === 'SET' && !cleared),
    withAsterisk: field.required || undecryptable,
    value,
    autoComplete: 'new-password',
    'data-secret-state': state ?? 'NEW',
    'data-field': field.name,
  };

  return (
    <Stack gap={4}>
      {multiline ? (
        <Textarea
          {...common}
          rows={4}
          spellCheck={false}
          styles={maskedText}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      ) : (
        <PasswordInput {...common} onChange={(e) => onChange(e.currentTarget.value)} />
      )}
      <Group gap="xs">
        {stored && (
          <Button
            variant="subtle"
            size="compact-xs"
            color={cleared ? 'gray' : 'red'}
            aria-label={cleared ? `Keep the stored ${field.label}` : `Clear the stored ${field.label}`}
            onClick={() => {
              if (!cleared) onChange('');
              onClearedChange(!cleared);
            }}
          >
            {cleared ? 'Keep stored value' : 'Clear'}
          </Button>
        )}
        <Button
          variant="subtle"
          size="compact-xs"
          color="gray"
          aria-pressed={multiline}
          aria-label={`Enter the ${field.label} as several lines`}
          onClick={() => setMultiline(!multiline)}
        >
          {multiline ? 'One line' : 'Several lines'}
        </Button>
      </Group>
    </Stack>
  );
}
