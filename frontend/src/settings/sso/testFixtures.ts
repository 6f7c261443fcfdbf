import type {
  LoginOptionsFieldsFragment,
  SecretState,
  SsoPresetsQuery,
  SsoProviderRowFragment,
} from '../../gql/graphql';

/** provider is a saved provider with a stored client secret, with overrides. */
export function provider(name: string, overrides: Partial<SsoProviderRowFragment> = {}): SsoProviderRowFragment {
  const id = `sso_${name.toLowerCase()}`;
  return {
    __typename: 'SSOProvider',
    id,
    name,
    issuerURL: `https://${name.toLowerCase()}.example.com/realms/main`,
    clientID: 'dbackup',
    scopes: ['email', 'profile'],
    allowedEmailDomains: [],
    autoProvision: false,
    linkByVerifiedEmail: false,
    groupsClaim: null,
    groupMapping: [],
    defaultGroup: null,
    enabled: true,
    callbackURL: `https://dbackup.example.com/auth/oidc/${id}/callback`,
    secrets: secretStates('SET'),
    ...overrides,
  };
}

/** secretStates is a provider's secrets as the API reports them, with the client secret in state. */
export function secretStates(state: SecretState): SsoProviderRowFragment['secrets'] {
  return [{ __typename: 'SecretStatus', field: 'client_secret', state }];
}

export const presets: SsoPresetsQuery = {
  ssoPresets: [
    {
      __typename: 'SSOPreset',
      id: 'keycloak',
      name: 'Keycloak',
      issuerTemplate: 'https://<host>/realms/<realm>',
      help: 'The issuer is the realm’s URL; create an OpenID Connect client in that realm.',
      scopes: ['email', 'profile', 'roles'],
      groupsClaim: 'groups',
    },
    {
      __typename: 'SSOPreset',
      id: 'generic',
      name: 'Other OpenID Connect provider',
      issuerTemplate: 'https://<issuer>',
      help: 'Enter the issuer URL your provider documents.',
      scopes: ['email', 'profile'],
      groupsClaim: null,
    },
  ],
};

export function loginOptions(overrides: Partial<LoginOptionsFieldsFragment> = {}): {
  loginOptions: LoginOptionsFieldsFragment;
} {
  return {
    loginOptions: {
      __typename: 'LoginOptions',
      providers: [],
      localLoginForEveryone: true,
      autoRedirectURL: null,
      ...overrides,
    },
  };
}
