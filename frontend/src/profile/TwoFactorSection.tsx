import { Alert, Badge, Button, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconShieldLock } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { useViewer } from '../auth/viewer';
import { BeginTotpDocument, type BeginTotpMutation } from '../gql/graphql';
import { actionError } from './actionError';
import { DisableTotpModal } from './DisableTotpModal';
import { ProfileSection } from './ProfileSection';
import { RecoveryCodesModal } from './RecoveryCodesModal';
import { TotpEnrollment } from './TotpEnrollment';

/** fewRecoveryCodes is when the page starts warning that the recovery codes run out. */
const fewRecoveryCodes = 2;

/**
 * TwoFactorSection turns TOTP two-factor authentication on (enrolment with a QR code, then the
 * recovery codes shown once) and off, and tells how many recovery codes are left. It holds the
 * recovery codes itself, not the enrolment form, because the viewer is fetched again as soon as
 * the server confirms, and the codes must stay on screen through that.
 */
export function TwoFactorSection() {
  const { viewer, refresh } = useViewer();
  const [{ fetching: starting }, beginTOTP] = useMutation(BeginTotpDocument);
  const [enrollment, setEnrollment] = useState<BeginTotpMutation['beginTOTP']>();
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const [failure, setFailure] = useState<string>();
  const [disabling, { open: openDisable, close: closeDisable }] = useDisclosure(false);

  const start = async () => {
    setFailure(undefined);
    const result = await beginTOTP({});
    if (result.error || !result.data) setFailure(actionError(result.error));
    else setEnrollment(result.data.beginTOTP);
  };

  const enabled = (codes: string[]) => {
    setEnrollment(undefined);
    setRecoveryCodes(codes);
    refresh();
  };

  const disabled = () => {
    notifications.show({
      color: 'green',
      title: 'Two-factor authentication is off',
      message: 'Sign-in asks only for your password now.',
    });
    refresh();
  };

  const left = viewer.recoveryCodesLeft;
  return (
    <ProfileSection
      title="Two-factor authentication"
      description="With two-factor authentication, signing in also asks for a code from an authenticator app on your phone, so a stolen password alone is not enough."
    >
      <Group gap="xs">
        <Text size="sm">Status:</Text>
        <Badge color={viewer.totpEnabled ? 'green' : 'gray'} variant="light" data-testid="totp-state">
          {viewer.totpEnabled ? 'On' : 'Off'}
        </Badge>
      </Group>
      {failure && (
        <Alert color="red" icon={<IconAlertTriangle />} title="Could not set up two-factor authentication">
          {failure}
        </Alert>
      )}
      {viewer.totpEnabled ? (
        <>
          <Text size="sm" c={left <= fewRecoveryCodes ? 'orange' : undefined} data-testid="recovery-codes-left">
            {left === 1 ? '1 recovery code left.' : `${left} recovery codes left.`}
            {left <= fewRecoveryCodes && ' Turn two-factor authentication off and on again for new codes.'}
          </Text>
          <Group>
            <Button variant="default" color="red" onClick={openDisable}>
              Turn off two-factor authentication
            </Button>
          </Group>
        </>
      ) : enrollment ? (
        <TotpEnrollment enrollment={enrollment} onEnabled={enabled} onCancel={() => setEnrollment(undefined)} />
      ) : (
        <Group>
          <Button leftSection={<IconShieldLock size={16} />} onClick={start} loading={starting}>
            Set up two-factor authentication
          </Button>
        </Group>
      )}
      <DisableTotpModal opened={disabling} onClose={closeDisable} onDisabled={disabled} />
      <RecoveryCodesModal codes={recoveryCodes} onDone={() => setRecoveryCodes(undefined)} />
    </ProfileSection>
  );
}
