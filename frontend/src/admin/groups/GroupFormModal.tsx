import { Button, Group, Modal, MultiSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { type CombinedError, useMutation } from 'urql';
import {
  CreateGroupDocument,
  type GroupRowFragment,
  UpdateGroupDocument,
  type UpdateGroupInput,
} from '../../gql/graphql';
import { type AlertContent, ErrorAlert } from '../ErrorAlert';
import { PermissionPicker } from '../PermissionPicker';
import { formErrors } from '../serverErrors';
import {
  createGroupInput,
  type GroupFormValues,
  groupFormFields,
  initialGroupValues,
  updateGroupInput,
  validateName,
} from './groupForm';
import { useMemberOptions } from './memberOptions';

export interface GroupFormModalProps {
  /** group is the group to edit; without one the form creates a group. */
  group?: GroupRowFragment;
  onClose(): void;
  onSaved(): void;
}

/**
 * GroupFormModal creates or edits a group: name, description, permissions and members. The
 * built-in Admins group keeps its name and shows every permission locked.
 */
export function GroupFormModal({ group, onClose, onSaved }: GroupFormModalProps) {
  // saved is the group as stored: the one edited, or the one created when setting its members failed.
  const [saved, setSaved] = useState(group);
  const [alert, setAlert] = useState<AlertContent>();
  const memberOptions = useMemberOptions(group);
  const [created, createGroup] = useMutation(CreateGroupDocument);
  const [updated, updateGroup] = useMutation(UpdateGroupDocument);
  const builtin = saved?.builtin ?? false;
  const form = useForm<GroupFormValues>({
    initialValues: initialGroupValues(group),
    validate: { name: (v) => (builtin ? null : validateName(v)) },
  });

  const fail = (error: CombinedError, title: string) => {
    const errors = formErrors(error, { fields: groupFormFields, conflictField: 'name', title });
    form.setErrors(errors.fields);
    setAlert(errors.alert);
  };

  const submit = async (values: GroupFormValues) => {
    setAlert(undefined);
    let target = saved;
    let input: UpdateGroupInput;
    if (target) {
      input = updateGroupInput(values, initialGroupValues(target), target.builtin);
    } else {
      const result = await createGroup({ input: createGroupInput(values) });
      if (result.error) return fail(result.error, 'Could not create the group');
      if (!result.data) return;
      target = result.data.createGroup;
      setSaved(target);
      // createGroup takes no members: they are set right after.
      input = values.userIds.length > 0 ? { userIds: values.userIds } : {};
    }
    if (Object.keys(input).length > 0) {
      const result = await updateGroup({ id: target.id, input });
      if (result.error) {
        const title = saved
          ? `Could not save ${target.name}`
          : `${target.name} is created, but its members are not set`;
        return fail(result.error, title);
      }
    }
    notifications.show({
      color: 'green',
      title: group ? 'Group saved' : 'Group created',
      message: `${target.name} is ${group ? 'saved' : 'created'}.`,
    });
    onSaved();
  };

  // Once the group is created, closing the form must still refresh the list.
  const close = saved && !group ? onSaved : onClose;

  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': 'Close' }}
      onClose={close}
      title={saved ? `Edit ${saved.name}` : 'New group'}
      size="xl"
      centered
    >
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <TextInput label="Name" required disabled={builtin} {...form.getInputProps('name')} />
          <Textarea label="Description" rows={2} {...form.getInputProps('description')} />
          {builtin && (
            <Text size="sm" c="dimmed">
              {saved?.name} is built in: it cannot be renamed and always holds every permission.
            </Text>
          )}
          <PermissionPicker label="Permissions" locked={builtin} {...form.getInputProps('permissions')} />
          <MultiSelect label="Members" data={memberOptions} searchable {...form.getInputProps('userIds')} />
          <ErrorAlert error={alert} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={created.fetching || updated.fetching}>
              {saved ? 'Save' : 'Create group'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
