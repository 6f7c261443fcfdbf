import {
  ActionIcon,
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  PinInput,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { QRCodeSVG } from 'qrcode.react';
import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { totpCodeLength } from '../auth/SecondFactorStep';
import { type BeginTotpMutation, EnableTotpDocument } from '../gql/graphql';
import { errorDetails } from '../graphql/errors';
import { actionError } from './actionError';

export interface TotpEnrollmentProps {
  enrollment: BeginTotpMutation['beginTOTP'];
  /** onEnabled receives the recovery codes, which the server hands out this once. */
  onEnabled(recoveryCodes: string[]): void;
  onCancel(): void;
}

/**
 * TotpEnrollment shows the new shared secret as a QR code for the authenticator app, and as
 * text for apps that cannot scan, then turns two-factor authentication on with the first code
 * the app shows: that proves the app and the server agree before sign-in starts asking for codes.
 */
export function TotpEnrollment({ enrollment, onEnabled, onCancel }: TotpEnrollmentProps) {
  const [{ fetching }, enableTOTP] = useMutation(EnableTotpDocument);
  const [code, setCode] = useState('');
  const [failure, setFailure] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (code.length !== totpCodeLength) {
      setFailure(`Enter the ${totpCodeLength}-digit code your app shows.`);
      return;
    }
    setFailure(undefined);
    const result = await enableTOTP({ code });
    const codes = result.data?.enableTOTP.recoveryCodes;
    if (result.error || !codes) {
      const { code: errorCode } = errorDetails(result.error);
      setFailure(
        errorCode === 'INVALID_CREDENTIALS' || errorCode === 'INVALID_INPUT'
          ? 'That code is not valid. Check that the app was set up with this secret and that the clock of your phone is right.'
          : actionError(result.error),
      );
      setCode('');
      return;
    }
    onEnabled(codes);
  };

  return (
    <Paper withBorder p="md" radius="md" maw={520}>
      <form onSubmit={submit} noValidate aria-label="Turn on two-factor authentication">
        <Stack>
          <Text size="sm">
            1. Scan this QR code with an authenticator app, such as a password manager or Google Authenticator.
          </Text>
          <Group align="flex-start" gap="lg">
            <Paper p="xs" bg="white" withBorder>
              <QRCodeSVG value={enrollment.otpauthUrl} size={176} title="QR code for your authenticator app" />
            </Paper>
            <Stack gap={4}>
              <Text size="sm" c="dimmed">
                Cannot scan? Type this secret instead:
              </Text>
              <Group gap={4} wrap="nowrap">
                <Code data-testid="totp-secret">{enrollment.secret}</Code>
                <CopyButton value={enrollment.secret}>
                  {({ copied, copy }) => (
                    <Tooltip label={copied ? 'Copied' : 'Copy secret'}>
                      <ActionIcon
                        variant="subtle"
                        color={copied ? 'teal' : 'gray'}
                        onClick={copy}
                        aria-label="Copy secret"
                      >
                        {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                      </ActionIcon>
                    </Tooltip>
                  )}
                </CopyButton>
              </Group>
            </Stack>
          </Group>
          <Text size="sm">2. Enter the {totpCodeLength}-digit code the app shows now.</Text>
          <PinInput
            length={totpCodeLength}
            type="number"
            oneTimeCode
            ariaLabel="Code from the app"
            value={code}
            onChange={setCode}
            error={failure !== undefined}
          />
          {failure && (
            <Alert color="red" icon={<IconAlertTriangle />} title="Two-factor authentication is still off">
              {failure}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={fetching}>
              Turn on
            </Button>
            <Button variant="default" onClick={onCancel} disabled={fetching}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
