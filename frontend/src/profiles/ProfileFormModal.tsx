import { Button, Group, Modal, PasswordInput, Stack, Switch, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { type AlertContent, ErrorAlert } from '../admin/ErrorAlert';
import { formErrors } from '../admin/serverErrors';
import { CreateProfileDocument, type ProfileRowFragment, UpdateProfileDocument } from '../gql/graphql';
import {
  createProfileInput,
  initialProfileValues,
  type ProfileFormValues,
  profileFormFields,
  updateProfileInput,
  validateImportKey,
  validateProfileName,
} from './profileForm';

export interface ProfileFormModalProps {
  /** profile is the profile to edit; without one the form creates a profile. */
  profile?: ProfileRowFragment;
  onClose(): void;
  onSaved(): void;
}

/**
 * ProfileFormModal creates an encryption profile, with a new random key or an imported one, or
 * renames one and changes its description. A profile's key never changes once created.
 */
export function ProfileFormModal({ profile, onClose, onSaved }: ProfileFormModalProps) {
  const [initial] = useState(() => initialProfileValues(profile));
  const [alert, setAlert] = useState<AlertContent>();
  const [created, createProfile] = useMutation(CreateProfileDocument);
  const [updated, updateProfile] = useMutation(UpdateProfileDocument);
  const form = useForm<ProfileFormValues>({
    initialValues: initial,
    validate: { name: validateProfileName, importKey: validateImportKey },
  });

  const submit = async (values: ProfileFormValues) => {
    setAlert(undefined);
    const result = profile
      ? await updateProfile({ id: profile.id, input: updateProfileInput(values, initial) })
      : await createProfile({ input: createProfileInput(values) });
    if (result.error) {
      const errors = formErrors(result.error, {
        fields: profileFormFields,
        conflictField: 'name',
        title: profile ? `Could not save ${profile.name}` : 'Could not create the profile',
      });
      form.setErrors(errors.fields);
      setAlert(errors.alert);
      return;
    }
    const name = values.name.trim();
    notifications.show({
      color: 'green',
      title: profile ? 'Profile saved' : 'Profile created',
      message: `${name} is ${profile ? 'saved' : 'created'}.`,
    });
    onSaved();
  };

  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': 'Close' }}
      onClose={onClose}
      title={profile ? `Edit ${profile.name}` : 'New encryption profile'}
      size="lg"
      centered
    >
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <TextInput label="Name" required autoComplete="off" {...form.getInputProps('name')} />
          <Textarea label="Description" rows={2} {...form.getInputProps('description')} />
          {!profile && (
            <>
              <Switch
                label="Import an existing key"
                description="Off: DBackup generates a new random key. On: use a key from another DBackup or a Recovery Kit, to read its backups."
                {...form.getInputProps('importing', { type: 'checkbox' })}
              />
              {form.values.importing && (
                <PasswordInput
                  label="Key to import"
                  description="Exactly 64 hex characters (0-9, a-f), such as the output of openssl rand -hex 32."
                  required
                  autoComplete="off"
                  spellCheck={false}
                  {...form.getInputProps('importKey')}
                />
              )}
            </>
          )}
          <ErrorAlert error={alert} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={created.fetching || updated.fetching}>
              {profile ? 'Save' : 'Create profile'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
