import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useQuery } from 'urql';
import { AuthCard } from '../auth/AuthCard';
import { type Credentials, signIn } from '../auth/http';
import { loadPage } from '../auth/pageLoad';
import { returnPathFrom, setupRoute } from '../auth/returnPath';
import { SecondFactorStep } from '../auth/SecondFactorStep';
import { localLoginForAdminsOnly, type SignInStep, signInMessage } from '../auth/signInMessages';
import { SingleSignOn, SSOErrorAlert, withReturnTo } from '../auth/SingleSignOn';
import { LoginOptionsDocument, SetupStateDocument } from '../gql/graphql';

/** Failure is a refused sign-in: on a field when the server names one, above the form otherwise. */
interface Failure {
  message: string;
  field?: 'username' | 'password' | 'code';
}

/** SSOParams are what the sign-in page's address says about single sign-on. */
interface SSOParams {
  /** error is the code of a failed sign-in with a provider, which the server redirects back with. */
  error: string | null;
  /** providerId names the provider that failed. */
  providerId: string | null;
  /** local is true when the visitor asked for the password form instead of the automatic redirect. */
  local: boolean;
}

function ssoParams(search: string): SSOParams {
  const params = new URLSearchParams(search);
  return { error: params.get('ssoError'), providerId: params.get('provider'), local: params.get('local') === '1' };
}

/** passwordInsteadPath is this sign-in page with ?local=1, which skips the automatic redirect, keeping next. */
function passwordInsteadPath(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('ssoError');
  params.delete('provider');
  params.set('local', '1');
  return `/login?${params}`;
}

/**
 * LoginPage signs in with username and password, then, for accounts with two-factor
 * authentication, with a code from the app or a recovery code. The password stays in memory
 * between the two steps only because /auth/login checks both together. Afterwards the app loads
 * anew at the page the visitor wanted.
 *
 * Below the form are the single-sign-on providers' buttons. When the server names a provider to
 * go to at once (SSO_AUTO_REDIRECT), the page goes there unless the visitor came back from a
 * failed sign-in or asked for the password form with ?local=1. The password form is always there,
 * since administrators may always use it, even when no one else may.
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
  const [options] = useQuery({ query: LoginOptionsDocument });
  const loginOptions = options.data?.loginOptions;
  const sso = ssoParams(search);
  const returnPath = returnPathFrom(search);
  // A failed sign-in or ?local=1 stays here: going to the provider again would loop.
  const autoRedirectURL = !sso.error && !sso.local ? loginOptions?.autoRedirectURL : undefined;
  // The alert about a failed single sign-on gives way once the visitor tries the password.
  const [triedPassword, setTriedPassword] = useState(false);

  useEffect(() => {
    if (autoRedirectURL) loadPage(withReturnTo(autoRedirectURL, returnPath));
  }, [autoRedirectURL, returnPath]);

  // A fresh instance has no one to sign in as.
  if (setupState.data?.systemStatus.setupNeeded) return <Navigate to={setupRoute} replace />;

  const step: SignInStep = !secondFactor ? 'password' : useRecovery ? 'recovery' : 'totp';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (step === 'password' && (username.trim() === '' || password === '')) {
      setFailure({ message: 'Enter your username and password.' });
      return;
    }
    setTriedPassword(true);
    const credentials: Credentials = { username: username.trim(), password };
    if (step === 'totp') credentials.totpCode = code;
    if (step === 'recovery') credentials.recoveryCode = recoveryCode.trim();
    setBusy(true);
    setFailure(undefined);
    const result = await signIn(credentials);
    if (result.ok) {
      loadPage(returnPath);
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
      {sso.error && !triedPassword && !secondFactor && (
        <SSOErrorAlert
          code={sso.error}
          providerName={loginOptions?.providers.find((p) => p.id === sso.providerId)?.name}
        />
      )}
      {autoRedirectURL && !secondFactor && (
        <Text size="sm">
          Taking you to single sign-on…{' '}
          <Anchor href={passwordInsteadPath(search)}>Sign in with a password instead</Anchor>
        </Text>
      )}
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
      {!secondFactor && loginOptions && !loginOptions.localLoginForEveryone && (
        <Text size="sm" c="dimmed">
          {localLoginForAdminsOnly}
        </Text>
      )}
      {!secondFactor && <SingleSignOn providers={loginOptions?.providers ?? []} returnPath={returnPath} />}
    </AuthCard>
  );
}
