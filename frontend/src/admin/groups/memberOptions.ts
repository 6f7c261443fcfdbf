import { useQuery } from 'urql';
import { type GroupRowFragment, MemberOptionsDocument } from '../../gql/graphql';
import { listLimit, nodes } from '../lists';

export interface MemberOption {
  value: string;
  label: string;
}

/**
 * useMemberOptions lists the users a group's members are picked from. A viewer without
 * users:read sees only the current members, so the field still shows what it holds.
 */
export function useMemberOptions(group?: GroupRowFragment): MemberOption[] {
  const [{ data }] = useQuery({ query: MemberOptionsDocument, variables: { first: listLimit } });
  const options = new Map<string, string>();
  for (const user of nodes(data?.users)) {
    options.set(user.id, user.displayName ? `${user.username} (${user.displayName})` : user.username);
  }
  for (const user of group?.users ?? []) if (!options.has(user.id)) options.set(user.id, user.username);
  return [...options].map(([value, label]) => ({ value, label }));
}
