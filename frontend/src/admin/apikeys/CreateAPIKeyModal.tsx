import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useMutation } from 'urql';
import { CreateApiKeyDocument } from '../../gql/graphql';
import { type AlertContent, ErrorAlert } from '../ErrorAlert';
import { PermissionPicker } from '../PermissionPicker';
import { formErrors } from '../serverErrors';
import {
  type APIKeyFormValues,
  apiKeyFormFields,
  createAPIKeyInput,
  validateKeyName,
  validateScopes,
} from './apiKeyForm';

export interface CreatedKey {
  name: string;
  secret: string;
}

export interface CreateAPIKeyModalProps {
  /** ownPermissions are the viewer's: a key can hold no more than its owner. */
  ownPermissions: readonly string[];
  onClose(): void;
  /** onCreated receives the new key, which the server answers with this once. */
  onCreated(key: CreatedKey): void;
}

/** CreateAPIKeyModal creates an API key acting as the viewer, limited to the chosen scopes. */
export function CreateAPIKeyModal({ ownPermissions, onClose, onCreated }: CreateAPIKeyModalProps) {
  const [alert, setAlert] = useState<AlertContent>();
  const [{ fetching }, createKey] = useMutation(CreateApiKeyDocument);
  const form = useForm<APIKeyFormValues>({
    initialValues: { name: '', scopes: [], expiresOn: null },
    validate: { name: validateKeyName, scopes: validateScopes },
  });

  const submit = async (values: APIKeyFormValues) => {
    setAlert(undefined);
    const result = await createKey({ input: createAPIKeyInput(values) });
    if (result.error) {
      const errors = formErrors(result.error, {
        fields: apiKeyFormFields,
        scopeField: 'scopes',
        title: 'Could not create the API key',
      });
      // The form names the expiry by its day; the server by the instant.
      const { expiresAt, ...fields } = errors.fields;
      form.setErrors(expiresAt ? { ...fields, expiresOn: expiresAt } : fields);
      setAlert(errors.alert);
      return;
    }
    const payload = result.data?.createAPIKey;
    if (payload) onCreated({ name: payload.apiKey.name, secret: payload.key });
  };

  return (
    <Modal opened closeButtonProps={{ 'aria-label': 'Close' }} onClose={onClose} title="New API key" size="xl" centered>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <TextInput
            label="Name"
            description="What the key is for, such as the CI job or script that uses it."
            required
            {...form.getInputProps('name')}
          />
          <PermissionPicker
            label="Scopes"
            description="What the key may do: at most what you may do yourself."
            limitTo={ownPermissions}
            {...form.getInputProps('scopes')}
          />
          <DatePickerInput
            label="Expires"
            description="The key stops working at the end of this day. Leave empty for a key that never expires."
            placeholder="Never"
            clearable
            minDate={dayjs().add(1, 'day').format('YYYY-MM-DD')}
            {...form.getInputProps('expiresOn')}
          />
          <ErrorAlert error={alert} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={fetching}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
