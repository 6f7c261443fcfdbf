import type { CombinedError } from 'urql';
import type { AlertContent } from '../../admin/ErrorAlert';
import { serverErrors } from '../../admin/serverErrors';
import type { SecretState, SsoProviderInput, SsoProviderRowFragment, UpdateSsoProviderInput } from '../../gql/graphql';

/** clientSecretField is the name the API gives the client secret in a provider's secrets. */
export const clientSecretField = 'client_secret';

/** defaultScopes are what the server requests besides openid when a provider names none. */
export const defaultScopes = ['email', 'profile'];

/** MappingRow is one line of the group mapping editor: a groups-claim value and the DBackup group it gives. */
export interface MappingRow {
  /** key keeps React's rows apart while values change; it is never sent. */
  key: string;
  claimValue: string;
  /** group is the DBackup group's name, or null until one is chosen. */
  group: string | null;
}

/** SSOFormValues are the provider form's values; clientSecret is write-only and starts empty. */
export interface SSOFormValues {
  name: string;
  issuerURL: string;
  clientID: string;
  clientSecret: string;
  /** clearSecret removes the stored client secret on save, for a public client. */
  clearSecret: boolean;
  scopes: string[];
  allowedEmailDomains: string[];
  autoProvision: boolean;
  linkByVerifiedEmail: boolean;
  groupsClaim: string;
  groupMapping: MappingRow[];
  defaultGroup: string | null;
  enabled: boolean;
}

let rowCount = 0;

/** mappingRow is a new line of the group mapping editor. */
export function mappingRow(claimValue = '', group: string | null = null): MappingRow {
  rowCount += 1;
  return { key: `row-${rowCount}`, claimValue, group };
}

/** startValues are the form's values for provider, or for a new provider without one. */
export function startValues(provider?: SsoProviderRowFragment): SSOFormValues {
  return {
    name: provider?.name ?? '',
    issuerURL: provider?.issuerURL ?? '',
    clientID: provider?.clientID ?? '',
    clientSecret: '',
    clearSecret: false,
    scopes: [...(provider ? (provider.scopes ?? []) : defaultScopes)],
    allowedEmailDomains: [...(provider?.allowedEmailDomains ?? [])],
    autoProvision: provider?.autoProvision ?? false,
    linkByVerifiedEmail: provider?.linkByVerifiedEmail ?? false,
    groupsClaim: provider?.groupsClaim ?? '',
    groupMapping: (provider?.groupMapping ?? []).map((m) => mappingRow(m.claimValue, m.group)),
    defaultGroup: provider?.defaultGroup || null,
    enabled: provider?.enabled ?? true,
  };
}

/** secretState is the stored client secret's state as the API reports it, or undefined for a new provider. */
export function secretState(provider?: SsoProviderRowFragment): SecretState | undefined {
  if (!provider) return undefined;
  return provider.secrets.find((s) => s.field === clientSecretField)?.state ?? 'UNSET';
}

/** validate checks what the server would refuse anyway, so the form can say it next to the field at once. */
export function validate(values: SSOFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.name.trim() === '') errors.name = 'Enter the name shown on the sign-in button.';
  if (values.issuerURL.trim() === '') errors.issuerURL = 'Enter the issuer URL of the provider.';
  else if (!/^https?:\/\//i.test(values.issuerURL.trim()))
    errors.issuerURL = 'The issuer URL starts with https:// (or http:// for a provider on this machine).';
  else if (/[<>]/.test(values.issuerURL))
    errors.issuerURL = 'Replace the parts in angle brackets with your provider’s host and realm.';
  if (values.clientID.trim() === '') errors.clientID = 'Enter the client ID registered at the provider.';
  values.groupMapping.forEach((row, i) => {
    if (row.claimValue.trim() === '') errors[`groupMapping.${i}.claimValue`] = 'Enter the value of the groups claim.';
    if (!row.group) errors[`groupMapping.${i}.group`] = 'Choose the DBackup group.';
  });
  return errors;
}

function mapping(values: SSOFormValues) {
  return values.groupMapping.map((row) => ({ claimValue: row.claimValue.trim(), group: row.group ?? '' }));
}

/** createInput is what createSSOProvider takes for values; an empty client secret is left out. */
export function createInput(values: SSOFormValues): SsoProviderInput {
  const secret = values.clientSecret;
  return {
    name: values.name.trim(),
    issuerURL: values.issuerURL.trim(),
    clientID: values.clientID.trim(),
    ...(secret !== '' && { clientSecret: secret }),
    scopes: values.scopes,
    allowedEmailDomains: values.allowedEmailDomains,
    autoProvision: values.autoProvision,
    linkByVerifiedEmail: values.linkByVerifiedEmail,
    ...(values.groupsClaim.trim() !== '' && { groupsClaim: values.groupsClaim.trim() }),
    groupMapping: mapping(values),
    ...(values.defaultGroup && { defaultGroup: values.defaultGroup }),
    enabled: values.enabled,
  };
}

/**
 * updateInput is what updateSSOProvider takes for values. An empty client secret is left out,
 * which keeps the stored one; only "clear" sends the empty value that removes it. Emptied text
 * fields are sent empty, since an omitted field would keep its old value.
 */
export function updateInput(values: SSOFormValues): UpdateSsoProviderInput {
  const input: UpdateSsoProviderInput = {
    name: values.name.trim(),
    issuerURL: values.issuerURL.trim(),
    clientID: values.clientID.trim(),
    scopes: values.scopes,
    allowedEmailDomains: values.allowedEmailDomains,
    autoProvision: values.autoProvision,
    linkByVerifiedEmail: values.linkByVerifiedEmail,
    groupsClaim: values.groupsClaim.trim(),
    groupMapping: mapping(values),
    defaultGroup: values.defaultGroup ?? '',
    enabled: values.enabled,
  };
  if (values.clientSecret !== '') input.clientSecret = values.clientSecret;
  else if (values.clearSecret) input.clientSecret = '';
  return input;
}

/** formFields are the inputs that show a server error next to them, by their input field names. */
const formFields = [
  'name',
  'issuerURL',
  'clientID',
  'clientSecret',
  'scopes',
  'allowedEmailDomains',
  'groupsClaim',
  'groupMapping',
  'defaultGroup',
];

/** fieldAliases read the column names the server may use in extensions.field as the form's inputs. */
const fieldAliases: Readonly<Record<string, string>> = {
  issuer_url: 'issuerURL',
  issuerUrl: 'issuerURL',
  client_id: 'clientID',
  clientId: 'clientID',
  client_secret: 'clientSecret',
  allowed_email_domains: 'allowedEmailDomains',
  groups_claim: 'groupsClaim',
  group_mapping: 'groupMapping',
  default_group: 'defaultGroup',
};

/** codeFields are the inputs that errors without extensions.field are about, by code. */
const codeFields: Readonly<Record<string, string>> = {
  CONFLICT: 'name',
  PROVIDER_UNREACHABLE: 'issuerURL',
  DISCOVERY_INVALID: 'issuerURL',
  ENCRYPTION_KEY_MISMATCH: 'clientSecret',
};

/** SSOFormErrors are the server's errors split into the form's fields and one alert for the rest. */
export interface SSOFormErrors {
  fields: Record<string, string>;
  alert?: AlertContent;
}

/**
 * ssoFormErrors puts each error the server reported next to the input it is about: the one
 * extensions.field names, or the one its code is about (a taken name, an issuer that could not be
 * discovered, a client secret the loaded ENCRYPTION_KEY cannot open). The rest go into an alert.
 */
export function ssoFormErrors(error: CombinedError, title: string): SSOFormErrors {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const e of serverErrors(error)) {
    const named = e.field ? (fieldAliases[e.field] ?? e.field) : undefined;
    const field = named ?? (e.code ? codeFields[e.code] : undefined);
    if (field && formFields.includes(field))
      fields[field] = fields[field] ? `${fields[field]}; ${e.message}` : e.message;
    else rest.push(e.message);
  }
  return rest.length === 0 ? { fields } : { fields, alert: { title, message: rest.join('; ') } };
}
