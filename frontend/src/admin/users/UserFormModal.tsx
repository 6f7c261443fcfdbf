import { Button, Group, Modal, MultiSelect, PasswordInput, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { CreateUserDocument, UpdateUserDocument, type UserRowFragment } from '../../gql/graphql';
import { type AlertContent, ErrorAlert } from '../ErrorAlert';
import { formErrors } from '../serverErrors';
import { useGroupOptions } from './groupOptions';
import {
  createInput,
  initialUserValues,
  minPasswordLength,
  type UserFormValues,
  updateInput,
  userFormFields,
  validateGroups,
  validatePassword,
  validateUsername,
} from './userForm';

export interface UserFormModalProps {
  /** user is the user to edit; without one the form creates a user. */
  user?: UserRowFragment;
  onClose(): void;
  /** onSaved is called after the server has stored the user. */
  onSaved(): void;
}

/**
 * UserFormModal creates a user (username, password, profile, groups) or edits one (profile,
 * groups, enabled). The password is never shown again: the form is gone once the user is saved.
 */
export function UserFormModal({ user, onClose, onSaved }: UserFormModalProps) {
  const creating = !user;
  const [initial] = useState(() => initialUserValues(user));
  const [alert, setAlert] = useState<AlertContent>();
  const groupOptions = useGroupOptions(user);
  const [created, createUser] = useMutation(CreateUserDocument);
  const [updated, updateUser] = useMutation(UpdateUserDocument);
  const form = useForm<UserFormValues>({
    initialValues: initial,
    validate: {
      username: (v) => (creating ? validateUsername(v) : null),
      password: (v) => (creating ? validatePassword(v) : null),
      groupIds: validateGroups,
    },
  });

  const submit = async (values: UserFormValues) => {
    setAlert(undefined);
    const result = user
      ? await updateUser({ id: user.id, input: updateInput(values, initial) })
      : await createUser({ input: createInput(values) });
    if (result.error) {
      const errors = formErrors(result.error, {
        fields: userFormFields,
        conflictField: 'username',
        title: creating ? 'Could not create the user' : `Could not save ${user.username}`,
      });
      form.setErrors(errors.fields);
      setAlert(errors.alert);
      return;
    }
    notifications.show({
      color: 'green',
      title: creating ? 'User created' : 'User saved',
      message: `${values.username.trim()} is ${creating ? 'created' : 'saved'}.`,
    });
    onSaved();
  };

  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': 'Close' }}
      onClose={onClose}
      title={user ? `Edit ${user.username}` : 'New user'}
      size="lg"
      centered
    >
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <TextInput
            label="Username"
            description="Letters, digits and . _ - @; stored lower-case."
            required={creating}
            disabled={!creating}
            autoComplete="off"
            {...form.getInputProps('username')}
          />
          {creating && (
            <PasswordInput
              label="Password"
              description={`At least ${minPasswordLength} characters. Tell it to the user through a safe channel.`}
              required
              autoComplete="new-password"
              {...form.getInputProps('password')}
            />
          )}
          <TextInput label="Display name" {...form.getInputProps('displayName')} />
          <TextInput label="Email" type="email" {...form.getInputProps('email')} />
          <MultiSelect
            label="Groups"
            description="The user holds the permissions of every group they are in."
            required
            data={groupOptions}
            searchable
            {...form.getInputProps('groupIds')}
          />
          {!creating && (
            <Switch
              label="Disabled"
              description="A disabled user cannot sign in, and their API keys stop working."
              {...form.getInputProps('disabled', { type: 'checkbox' })}
            />
          )}
          <ErrorAlert error={alert} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={created.fetching || updated.fetching}>
              {creating ? 'Create user' : 'Save'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
