import { useQuery } from 'urql';
import { GroupListDocument, type UserRowFragment } from '../../gql/graphql';
import { listLimit, nodes } from '../lists';

export interface GroupOption {
  value: string;
  label: string;
}

/**
 * useGroupOptions lists the groups a user can be put in. A viewer without groups:read sees only
 * the groups the user is in already, so the field still shows what it holds.
 */
export function useGroupOptions(user?: UserRowFragment): GroupOption[] {
  const [{ data }] = useQuery({ query: GroupListDocument, variables: { first: listLimit } });
  const options = new Map<string, string>();
  for (const group of nodes(data?.groups)) options.set(group.id, group.name);
  for (const group of user?.groups ?? []) if (!options.has(group.id)) options.set(group.id, group.name);
  return [...options].map(([value, label]) => ({ value, label }));
}
