import { Alert, Divider, Stack, Text, Title } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useViewer } from '../auth/viewer';
import { sessionRequiredMessage } from '../graphql/errors';
import { AccountSummary } from '../profile/AccountSummary';
import { ChangePasswordForm } from '../profile/ChangePasswordForm';
import { ProfileSection } from '../profile/ProfileSection';
import { SessionsTable } from '../profile/SessionsTable';
import { TwoFactorSection } from '../profile/TwoFactorSection';

/**
 * ProfilePage is the viewer's own account: who they are, their password, two-factor
 * authentication and browser sessions. Every signed-in viewer may open it; it needs no permission.
 */
export function ProfilePage() {
  const { viewer } = useViewer();
  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Title order={2}>Profile</Title>
        <Text c="dimmed">Your account, how you sign in, and where you are signed in.</Text>
      </Stack>
      {viewer.viaApiKey && (
        <Alert color="yellow" icon={<IconKey />} title="Signed in with an API key">
          {sessionRequiredMessage}
        </Alert>
      )}
      <ProfileSection title="Account">
        <AccountSummary viewer={viewer} />
      </ProfileSection>
      <Divider />
      <ProfileSection
        title="Password"
        description="Changing your password signs out every other session of your account; this browser stays signed in."
      >
        <ChangePasswordForm />
      </ProfileSection>
      <Divider />
      <TwoFactorSection />
      <Divider />
      <ProfileSection
        title="Sessions"
        description="Every browser signed in to your account. Revoke the ones you do not recognise or no longer use."
      >
        <SessionsTable />
      </ProfileSection>
    </Stack>
  );
}
