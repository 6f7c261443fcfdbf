import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { SecretState } from '../../gql/graphql';

export interface ClientSecretFieldProps {
  /** state is the stored secret's state when editing; undefined for a new provider. */
  state?: SecretState;
  value: string;
  /** cleared is true once the user chose to remove the stored secret on save. */
  cleared: boolean;
  onChange(value: string): void;
  onClearedChange(cleared: boolean): void;
  error?: string;
}

/** undecryptableMessage says that the stored client secret was sealed under another ENCRYPTION_KEY. */
export const undecryptableMessage =
  'The stored client secret cannot be decrypted with the current ENCRYPTION_KEY — re-enter it. Until then, signing in with this provider fails.';

function description(state: SecretState | undefined, cleared: boolean): string {
  if (cleared)
    return 'The stored client secret is removed when you save; the provider must then accept a public client.';
  switch (state) {
    case 'SET':
      return 'A client secret is stored encrypted. Leave this empty to keep it.';
    case 'UNDECRYPTABLE':
      return 'Enter the client secret from the provider again.';
    default:
      return 'Stored encrypted and never shown again. Leave it empty only for a public client that uses PKCE.';
  }
}

/**
 * ClientSecretField is the write-only client secret. It never shows a stored value: on edit it
 * says whether a secret is stored (leave the input empty to keep it, or clear it), and warns
 * plainly when the stored one cannot be opened with the loaded ENCRYPTION_KEY.
 */
export function ClientSecretField({ state, value, cleared, onChange, onClearedChange, error }: ClientSecretFieldProps) {
  const undecryptable = state === 'UNDECRYPTABLE';
  const stored = state === 'SET' || undecryptable;
  let placeholder: string | undefined;
  if (cleared) placeholder = 'removed when you save';
  else if (state === 'SET') placeholder = 'stored — leave empty to keep';
  return (
    <Stack gap={4}>
      {undecryptable && !cleared && (
        <Alert
          color="red"
          icon={<IconAlertTriangle />}
          title="Client secret cannot be decrypted"
          data-testid="secret-undecryptable"
        >
          {undecryptableMessage}
        </Alert>
      )}
      <PasswordInput
        label="Client secret"
        description={description(state, cleared)}
        placeholder={placeholder}
        autoComplete="new-password"
        withAsterisk={undecryptable}
        value={value}
        error={error}
        disabled={cleared}
        data-secret-state={state ?? 'NEW'}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
      {stored && (
        <Button
          variant="subtle"
          size="compact-xs"
          color={cleared ? 'gray' : 'red'}
          style={{ alignSelf: 'flex-start' }}
          onClick={() => {
            if (!cleared) onChange('');
            onClearedChange(!cleared);
          }}
        >
          {cleared ? 'Keep the stored client secret' : 'Clear the stored client secret'}
        </Button>
      )}
    </Stack>
  );
}
