import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useQuery } from 'urql';
import { AuthCard } from '../auth/AuthCard';
import { type Credentials, signIn } from '../auth/http';
import { loadPage } from '../auth/pageLoad';
import { returnPathFrom, setupRoute } from '../auth/returnPath';
import { SecondFactorStep } from '../auth/SecondFactorStep';
import { type SignInStep, signInMessage } from '../auth/signInMessages';
import { SingleSignOn } from '../auth/SingleSignOn';
import { SetupStateDocument } from '../gql/graphql';

/** Failure is a refused sign-in: on a field when the server names one, above the form otherwise. */
interface Failure {
  message: string;
  field?: 'username' | 'password' | 'code';
}

/**
 * LoginPage signs in with username and password, then, for accounts with two-factor
 * authentication, with a code from the app or a recovery code. The password stays in memory
 * between the two steps only because /auth/login checks both together. Afterwards the app loads
 * anew at the page the visitor wanted.
 */
export function LoginPage() {
  const { search } = useLocation();
  const [setupState] = useQuery({ query: SetupStateDocument });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [secondFactor, setSecondFactor] = useState(false);
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [failure, setFailure] = useState<Failure>();
  const [busy, setBusy] = useState(false);

  // A fresh instance has no one to sign in as.
  if (setupState.data?.systemStatus.setupNeeded) return <Navigate to={setupRoute} replace />;

  const step: SignInStep = !secondFactor ? 'password' : useRecovery ? 'recovery' : 'totp';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (step === 'password' && (username.trim() === '' || password === '')) {
      setFailure({ message: 'Enter your username and password.' });
      return;
    }
    const credentials: Credentials = { username: username.trim(), password };
    if (step === 'totp') credentials.totpCode = code;
    if (step === 'recovery') credentials.recoveryCode = recoveryCode.trim();
    setBusy(true);
    setFailure(undefined);
    const result = await signIn(credentials);
    if (result.ok) {
      loadPage(returnPathFrom(search));
      return;
    }
    setBusy(false);
    const { error } = result;
    if (error.code === 'TOTP_REQUIRED' && step === 'password') {
      setSecondFactor(true);
      return;
    }
    const message = signInMessage(error, step);
    if (step !== 'password' && (error.code === 'INVALID_CREDENTIALS' || error.code === 'TOTP_REQUIRED')) {
      setFailure({ message, field: 'code' });
    } else if (error.field === 'username' || error.field === 'password') {
      setFailure({ message, field: error.field });
    } else {
      setFailure({ message });
    }
  };

  const back = () => {
    setSecondFactor(false);
    setCode('');
    setRecoveryCode('');
    setFailure(undefined);
  };

  const fieldError = (field: Failure['field']) => (failure && failure.field === field ? failure.message : undefined);

  return (
    <AuthCard
      title={secondFactor ? 'Two-factor authentication' : 'Sign in'}
      description={secondFactor ? `Signing in as ${username.trim()}.` : undefined}
    >
      {failure && !failure.field && (
        <Alert color="red" icon={<IconAlertTriangle />} title="Not signed in">
          {failure.message}
        </Alert>
      )}
      <form onSubmit={submit} noValidate aria-label="Sign in">
        {secondFactor ? (
          <SecondFactorStep
            useRecovery={useRecovery}
            onUseRecoveryChange={(value) => {
              setUseRecovery(value);
              setFailure(undefined);
            }}
            code={code}
            onCodeChange={setCode}
            recoveryCode={recoveryCode}
            onRecoveryCodeChange={setRecoveryCode}
            error={fieldError('code')}
            busy={busy}
            onBack={back}
          />
        ) : (
          <Stack>
            <TextInput
              label="Username"
              autoComplete="username"
              autoFocus
              required
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              error={fieldError('username')}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldError('password')}
            />
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
          </Stack>
        )}
      </form>
      {/* Single sign-on: the buttons of the configured providers will appear here. */}
      {!secondFactor && <SingleSignOn />}
    </AuthCard>
  );
}
