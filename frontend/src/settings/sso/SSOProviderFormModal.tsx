import { Alert, Button, Group, Modal, Select, Stack, Switch, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { type AlertContent, ErrorAlert } from '../../admin/ErrorAlert';
import { listLimit, nodes } from '../../admin/lists';
import {
  CreateSsoProviderDocument,
  GroupListDocument,
  SsoPresetsDocument,
  type SsoProviderRowFragment,
  UpdateSsoProviderDocument,
} from '../../gql/graphql';
import { CallbackURL } from './CallbackURL';
import { ClientSecretField } from './ClientSecretField';
import { DiscoveryCheck } from './DiscoveryCheck';
import { GroupMappingEditor } from './GroupMappingEditor';
import {
  createInput,
  secretState,
  type SSOFormValues,
  ssoFormErrors,
  startValues,
  updateInput,
  validate,
} from './ssoForm';

export interface SSOProviderFormModalProps {
  /** provider is the provider to edit; without one the form creates a provider. */
  provider?: SsoProviderRowFragment;
  /** created is true when provider was created just now, so the form points out its redirect URI. */
  created?: boolean;
  onClose(): void;
  /** onSaved gets the provider as the server saved it. */
  onSaved(provider: SsoProviderRowFragment): void;
}

/** SSOProviderFormModal creates or edits a single-sign-on provider. */
export function SSOProviderFormModal(props: SSOProviderFormModalProps) {
  const { provider, onClose } = props;
  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': 'Close' }}
      onClose={onClose}
      title={provider ? `Edit ${provider.name}` : 'New provider'}
      size="lg"
      centered
    >
      <ProviderForm {...props} />
    </Modal>
  );
}

/**
 * useGroupNames lists the DBackup groups to map to, by name as the API stores them. A viewer
 * without groups:read sees only the groups the provider names already.
 */
function useGroupNames(provider?: SsoProviderRowFragment): string[] {
  const [{ data }] = useQuery({ query: GroupListDocument, variables: { first: listLimit } });
  const names = new Set(nodes(data?.groups).map((g) => g.name));
  for (const m of provider?.groupMapping ?? []) names.add(m.group);
  if (provider?.defaultGroup) names.add(provider.defaultGroup);
  return [...names].sort((a, b) => a.localeCompare(b));
}

function ProviderForm({ provider, created, onClose, onSaved }: SSOProviderFormModalProps) {
  const [, create] = useMutation(CreateSsoProviderDocument);
  const [, update] = useMutation(UpdateSsoProviderDocument);
  const [{ data: presetData }] = useQuery({ query: SsoPresetsDocument });
  const presets = presetData?.ssoPresets ?? [];
  const [presetId, setPresetId] = useState<string | null>(null);
  const preset = presets.find((p) => p.id === presetId);
  const groups = useGroupNames(provider);
  const state = secretState(provider);
  const [alert, setAlert] = useState<AlertContent>();
  const [busy, setBusy] = useState(false);
  const form = useForm<SSOFormValues>({ initialValues: startValues(provider) });

  // A preset fills only what differs between providers' setups; name, client and policy stay the user's.
  const choosePreset = (id: string | null) => {
    setPresetId(id);
    const chosen = presets.find((p) => p.id === id);
    if (!chosen) return;
    form.setFieldValue('issuerURL', chosen.issuerTemplate);
    form.setFieldValue('scopes', [...chosen.scopes]);
    form.setFieldValue('groupsClaim', chosen.groupsClaim ?? '');
    form.clearFieldError('issuerURL');
  };

  const submit = async (values: SSOFormValues) => {
    setAlert(undefined);
    const errors = validate(values);
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setBusy(true);
    const result = provider
      ? await update({ id: provider.id, input: updateInput(values) })
      : await create({ input: createInput(values) });
    setBusy(false);
    const saved =
      result.data &&
      ('updateSSOProvider' in result.data ? result.data.updateSSOProvider : result.data.createSSOProvider);
    if (result.error || !saved) {
      const title = provider ? `Could not save ${provider.name}` : 'Could not create the provider';
      const split = result.error
        ? ssoFormErrors(result.error, title)
        : { fields: {}, alert: { title, message: 'The server gave no answer.' } };
      form.setErrors(split.fields);
      setAlert(split.alert);
      return;
    }
    notifications.show({
      color: 'green',
      title: provider ? 'Provider saved' : 'Provider created',
      message: provider
        ? `${saved.name} is saved.`
        : `${saved.name} is created. Register its redirect URI at the provider.`,
    });
    onSaved(saved);
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        {created && provider && (
          <Alert color="green" icon={<IconCircleCheck />} title={`${provider.name} is created`}>
            One step is left: register the redirect URI below at the provider, then close this form.
          </Alert>
        )}
        {provider && <CallbackURL url={provider.callbackURL} />}
        <Select
          label="Preset"
          description={
            preset?.help ??
            'Fills in the issuer URL, scopes and groups claim that a common provider uses. Nothing else is changed.'
          }
          placeholder="Choose a provider to fill the form from"
          data={presets.map((p) => ({ value: p.id, label: p.name }))}
          value={presetId}
          onChange={choosePreset}
          clearable
        />
        <TextInput
          label="Name"
          description="Shown on the sign-in page's button, as in “Sign in with Keycloak”."
          required
          autoComplete="off"
          {...form.getInputProps('name')}
        />
        <Stack gap="xs">
          <TextInput
            label="Issuer URL"
            description="DBackup reads the provider's discovery document from this URL when you save."
            required
            type="url"
            spellCheck={false}
            placeholder="https://"
            {...form.getInputProps('issuerURL')}
          />
          <DiscoveryCheck issuerURL={form.values.issuerURL} />
        </Stack>
        <TextInput
          label="Client ID"
          required
          spellCheck={false}
          autoComplete="off"
          {...form.getInputProps('clientID')}
        />
        <ClientSecretField
          state={state}
          value={form.values.clientSecret}
          cleared={form.values.clearSecret}
          error={form.errors.clientSecret as string | undefined}
          onChange={(value) => {
            form.setFieldValue('clientSecret', value);
            form.clearFieldError('clientSecret');
          }}
          onClearedChange={(cleared) => form.setFieldValue('clearSecret', cleared)}
        />
        <TagsInput
          label="Scopes"
          description="Requested besides openid, which DBackup always asks for. Press Enter after each."
          splitChars={[',', ' ']}
          clearable
          {...form.getInputProps('scopes')}
        />
        <TagsInput
          label="Allowed e-mail domains"
          description="When you name any, only users whose e-mail is in one of these domains may sign in. Leave it empty to allow every domain."
          placeholder="example.com"
          splitChars={[',', ' ']}
          clearable
          {...form.getInputProps('allowedEmailDomains')}
        />
        <Switch
          label="Create accounts at the first sign-in"
          description="A person the provider vouches for gets a DBackup account the first time they sign in. Without this, an administrator must create or link their account first."
          {...form.getInputProps('autoProvision', { type: 'checkbox' })}
        />
        <Switch
          label="Link existing accounts by verified e-mail"
          description="At the first sign-in, the identity is linked to the DBackup account with the same e-mail address, but only when the provider says the address is verified."
          {...form.getInputProps('linkByVerifiedEmail', { type: 'checkbox' })}
        />
        <TextInput
          label="Groups claim"
          description="The ID token claim that lists the user's groups at the provider, such as groups. Leave it empty to map no groups."
          spellCheck={false}
          {...form.getInputProps('groupsClaim')}
        />
        <GroupMappingEditor form={form} groups={groups} error={form.errors.groupMapping as string | undefined} />
        <Select
          label="Default group"
          description="The group of a newly created account whose groups claim maps to no group. Without one, such an account starts without permissions."
          placeholder="No group"
          data={groups}
          clearable
          searchable
          {...form.getInputProps('defaultGroup')}
        />
        <Switch
          label="Enabled"
          description="Only enabled providers have a button on the sign-in page."
          {...form.getInputProps('enabled', { type: 'checkbox' })}
        />
        <ErrorAlert error={alert} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {provider ? 'Save' : 'Create provider'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
