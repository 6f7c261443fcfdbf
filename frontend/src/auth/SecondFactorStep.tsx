import { Button, Group, PinInput, Stack, Switch, Text, TextInput } from '@mantine/core';

/** totpCodeLength is how many digits authenticator apps show (RFC 6238's default). */
export const totpCodeLength = 6;

export interface SecondFactorStepProps {
  /** useRecovery switches from the app's code to a one-time recovery code. */
  useRecovery: boolean;
  onUseRecoveryChange(value: boolean): void;
  code: string;
  onCodeChange(value: string): void;
  recoveryCode: string;
  onRecoveryCodeChange(value: string): void;
  /** error is shown under the field, or undefined. */
  error?: string;
  busy: boolean;
  /** onBack returns to the password step. */
  onBack(): void;
}

/**
 * SecondFactorStep is the sign-in step after a correct password, for accounts with two-factor
 * authentication: the 6-digit code from the app, or one of the recovery codes when the phone is
 * not at hand. The enclosing form submits it.
 */
export function SecondFactorStep(props: SecondFactorStepProps) {
  const { useRecovery, code, recoveryCode, error, busy } = props;
  return (
    <Stack>
      {useRecovery ? (
        <TextInput
          label="Recovery code"
          description="One of the codes you stored when you set up two-factor authentication. Each works once."
          autoComplete="off"
          autoFocus
          value={recoveryCode}
          onChange={(e) => props.onRecoveryCodeChange(e.currentTarget.value)}
          error={error}
        />
      ) : (
        <Stack gap={6}>
          <Text size="sm">Enter the {totpCodeLength}-digit code from your authenticator app.</Text>
          <PinInput
            length={totpCodeLength}
            type="number"
            oneTimeCode
            autoFocus
            ariaLabel="Authentication code"
            value={code}
            onChange={props.onCodeChange}
            error={error !== undefined}
          />
          {error && (
            <Text size="sm" c="red" role="alert">
              {error}
            </Text>
          )}
        </Stack>
      )}
      <Switch
        label="Use a recovery code instead"
        checked={useRecovery}
        onChange={(e) => props.onUseRecoveryChange(e.currentTarget.checked)}
      />
      <Group justify="space-between">
        <Button variant="subtle" onClick={props.onBack} disabled={busy}>
          Back
        </Button>
        <Button type="submit" loading={busy}>
          Verify
        </Button>
      </Group>
    </Stack>
  );
}
