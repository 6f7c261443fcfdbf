import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, Navigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { AuthCard } from '../auth/AuthCard';
import { signIn } from '../auth/http';
import { loadPage } from '../auth/pageLoad';
import { checkNewPassword, passwordRule } from '../auth/password';
import { loginRoute } from '../auth/returnPath';
import { SetupAdminDocument, SetupStateDocument } from '../gql/graphql';
import { errorDetails, errorMessage } from '../graphql/errors';

interface FieldErrors {
  username?: string;
  password?: string;
  confirm?: string;
}

/**
 * SetupPage is the first-run wizard: it creates the first administrator with setupAdmin, signs
 * in as them and opens the dashboard. It exists only while the instance has no user at all.
 */
export function SetupPage() {
  const [setupState] = useQuery({ query: SetupStateDocument });
  const [, setupAdmin] = useMutation(SetupAdminDocument);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<{ title: string; message: string; signIn?: boolean }>();
  const [busy, setBusy] = useState(false);

  // Once someone has set the instance up, this page has nothing to do; the gate decides what's next.
  if (setupState.data?.systemStatus.setupNeeded === false && !busy) return <Navigate to="/" replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = { ...checkNewPassword(password, confirm) };
    if (username.trim() === '') found.username = 'Choose a username.';
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;

    setBusy(true);
    const created = await setupAdmin({ input: { username: username.trim(), password } });
    if (created.error || !created.data) {
      setBusy(false);
      const { code, field } = errorDetails(created.error);
      const message = created.error ? errorMessage(created.error) : 'The server sent no answer.';
      if (code === 'INVALID_INPUT' && (field === 'username' || field === 'password')) {
        setErrors({ [field]: message });
      } else if (code === 'SETUP_DONE') {
        setFailure({ title: 'DBackup is already set up', message: 'An administrator exists already.', signIn: true });
      } else {
        setFailure({ title: 'Could not create the administrator', message });
      }
      return;
    }
    const signedIn = await signIn({ username: username.trim(), password });
    if (!signedIn.ok) {
      setBusy(false);
      setFailure({
        title: 'The administrator was created, but signing in failed',
        message: signedIn.error.message,
        signIn: true,
      });
      return;
    }
    loadPage('/');
  };

  return (
    <AuthCard
      title="Set up DBackup"
      description="Create the first administrator of this instance. The account joins the built-in Admins group, which holds every permission; you can invite more people and create groups afterwards."
    >
      {failure && (
        <Alert color="red" icon={<IconAlertTriangle />} title={failure.title}>
          {failure.message}{' '}
          {failure.signIn && (
            <Anchor component={Link} to={loginRoute} size="sm">
              Go to sign-in
            </Anchor>
          )}
        </Alert>
      )}
      <form onSubmit={submit} noValidate aria-label="Create the first administrator">
        <Stack>
          <TextInput
            label="Username"
            description="Letters, digits and . _ - @, up to 64 characters."
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={errors.username}
          />
          <PasswordInput
            label="Password"
            description={passwordRule}
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
          />
          <PasswordInput
            label="Confirm password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            error={errors.confirm}
          />
          <Button type="submit" loading={busy}>
            Create administrator and sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
