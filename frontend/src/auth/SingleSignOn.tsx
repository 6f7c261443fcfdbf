import { Alert, Button, Divider, Stack } from '@mantine/core';
import { IconAlertTriangle, IconLogin2 } from '@tabler/icons-react';
import type { LoginOptionsFieldsFragment } from '../gql/graphql';
import { ssoErrorMessage } from './signInMessages';

type LoginProvider = LoginOptionsFieldsFragment['providers'][number];

/** returnToParam carries the page to return to through the provider's round trip. */
const returnToParam = 'returnTo';

/**
 * withReturnTo is a provider's login URL that brings the browser back to returnPath after a
 * successful sign-in. The server checks returnTo again, as the sign-in page checks next.
 */
export function withReturnTo(loginURL: string, returnPath: string): string {
  const separator = loginURL.includes('?') ? '&' : '?';
  return `${loginURL}${separator}${new URLSearchParams({ [returnToParam]: returnPath })}`;
}

export interface SingleSignOnProps {
  providers: readonly LoginProvider[];
  /** returnPath is where the app goes after sign-in, the same page the password form returns to. */
  returnPath: string;
}

/**
 * SingleSignOn lists a "Sign in with …" button for each enabled single-sign-on (OIDC) provider,
 * under an "or" that sets them apart from the password form. The buttons are plain links: the
 * sign-in leaves the app for the provider's pages and comes back with a new session, so a full
 * page load is what it needs. Without providers it renders nothing.
 */
export function SingleSignOn({ providers, returnPath }: SingleSignOnProps) {
  if (providers.length === 0) return null;
  return (
    <Stack gap="sm">
      <Divider label="or" labelPosition="center" />
      {providers.map((provider) => (
        <Button
          key={provider.id}
          component="a"
          href={withReturnTo(provider.loginURL, returnPath)}
          variant="default"
          leftSection={<IconLogin2 size={16} />}
        >
          Sign in with {provider.name}
        </Button>
      ))}
    </Stack>
  );
}

export interface SSOErrorAlertProps {
  /** code is the ssoError the server put into the sign-in page's address. */
  code: string;
  /** providerName names the provider when the sign-in page knows it. */
  providerName?: string;
}

/** SSOErrorAlert says why a sign-in with a provider failed and what to do, naming the provider when known. */
export function SSOErrorAlert({ code, providerName }: SSOErrorAlertProps) {
  const title = providerName ? `Sign-in with ${providerName} failed` : 'Single sign-on failed';
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title={title} role="alert" data-sso-error={code}>
      {ssoErrorMessage(code)}
    </Alert>
  );
}
