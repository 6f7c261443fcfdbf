import type { CreateGroupInput, GroupRowFragment, UpdateGroupInput } from '../../gql/graphql';

export interface GroupFormValues {
  name: string;
  description: string;
  permissions: string[];
  userIds: string[];
}

/** groupFormFields are the inputs by the names the server uses in extensions.field. */
export const groupFormFields = ['name', 'description', 'permissions', 'userIds'] as const;

export function initialGroupValues(group?: GroupRowFragment): GroupFormValues {
  return {
    name: group?.name ?? '',
    description: group?.description ?? '',
    permissions: group?.permissions ?? [],
    userIds: group?.users?.map((u) => u.id) ?? [],
  };
}

export function validateName(value: string): string | null {
  const length = [...value.trim()].length;
  return length >= 1 && length <= 64 ? null : 'Use 1 to 64 characters';
}

/** createGroupInput is what createGroup needs; members are set with updateGroup afterwards. */
export function createGroupInput(values: GroupFormValues): CreateGroupInput {
  const input: CreateGroupInput = { name: values.name.trim(), permissions: values.permissions };
  if (values.description.trim()) input.description = values.description.trim();
  return input;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * updateGroupInput holds only what changed, since updateGroup keeps the omitted fields. The
 * built-in Admins group keeps its name and every permission, so neither is ever sent for it.
 */
export function updateGroupInput(
  values: GroupFormValues,
  initial: GroupFormValues,
  builtin: boolean,
): UpdateGroupInput {
  const input: UpdateGroupInput = {};
  if (!builtin && values.name.trim() !== initial.name) input.name = values.name.trim();
  if (values.description.trim() !== initial.description) input.description = values.description.trim();
  if (!builtin && !sameSet(values.permissions, initial.permissions)) input.permissions = values.permissions;
  if (!sameSet(values.userIds, initial.userIds)) input.userIds = values.userIds;
  return input;
}
