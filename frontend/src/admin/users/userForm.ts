import type { CreateUserInput, UpdateUserInput, UserRowFragment } from '../../gql/graphql';

/** minPasswordLength is the server's password policy: at least 12 characters, no composition rules. */
export const minPasswordLength = 12;

/** usernamePattern is the server's rule: 1 to 64 letters, digits and . _ - @. */
const usernamePattern = /^[A-Za-z0-9._@-]{1,64}$/;

export interface UserFormValues {
  username: string;
  password: string;
  displayName: string;
  email: string;
  groupIds: string[];
  disabled: boolean;
}

/** userFormFields are the inputs by the names the server uses in extensions.field. */
export const userFormFields = ['username', 'password', 'displayName', 'email', 'groupIds', 'disabled'] as const;

export function initialUserValues(user?: UserRowFragment): UserFormValues {
  return {
    username: user?.username ?? '',
    password: '',
    displayName: user?.displayName ?? '',
    email: user?.email ?? '',
    groupIds: user?.groups?.map((g) => g.id) ?? [],
    disabled: user?.disabled ?? false,
  };
}

export function validateUsername(value: string): string | null {
  return usernamePattern.test(value.trim()) ? null : 'Use 1 to 64 letters, digits and . _ - @';
}

export function validatePassword(value: string): string | null {
  return [...value].length >= minPasswordLength ? null : `Use at least ${minPasswordLength} characters`;
}

export function validateGroups(value: string[]): string | null {
  return value.length > 0 ? null : 'Choose at least one group, or the user can do nothing';
}

/** createInput is what createUser needs; empty optional fields are left out. */
export function createInput(values: UserFormValues): CreateUserInput {
  const input: CreateUserInput = {
    username: values.username.trim(),
    password: values.password,
    groupIds: values.groupIds,
  };
  if (values.displayName.trim()) input.displayName = values.displayName.trim();
  if (values.email.trim()) input.email = values.email.trim();
  return input;
}

/** updateInput holds only the fields that changed, since updateUser keeps the omitted ones. */
export function updateInput(values: UserFormValues, initial: UserFormValues): UpdateUserInput {
  const input: UpdateUserInput = {};
  if (values.displayName.trim() !== initial.displayName) input.displayName = values.displayName.trim();
  if (values.email.trim() !== initial.email) input.email = values.email.trim();
  if (values.disabled !== initial.disabled) input.disabled = values.disabled;
  const groupsChanged =
    values.groupIds.length !== initial.groupIds.length || values.groupIds.some((id) => !initial.groupIds.includes(id));
  if (groupsChanged) input.groupIds = values.groupIds;
  return input;
}
