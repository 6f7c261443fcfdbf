import { useQuery } from 'urql';
import type { ConfigKind } from '../forms/ConfigFormModal';
import { DestinationKindsDocument } from '../gql/graphql';

/** useDestinationKinds lists the kinds of storage with the fields of their forms, in the server's order. */
export function useDestinationKinds(): { kinds: ConfigKind[]; fetching: boolean } {
  const [{ data, fetching }] = useQuery({ query: DestinationKindsDocument });
  const kinds = (data?.destinationKinds ?? []).map((k) => ({ value: k.kind, label: k.label, fields: k.fields }));
  return { kinds, fetching };
}

type Settings = ReadonlyArray<{ name: string; value: string }>;

/** setting is the stored value of the setting name, or "" without one. */
export function setting(settings: Settings, name: string): string {
  return settings.find((s) => s.name === name)?.value ?? '';
}

/**
 * location says where a destination writes, from its settings: the bucket and prefix, the user,
 * host and folder of a server, or a local folder.
 */
export function location(settings: Settings): string {
  const get = (name: string) => setting(settings, name);
  const prefix = get('prefix').replace(/^\/+/, '');
  if (get('bucket')) {
    const base = get('endpoint') ? `${get('endpoint').replace(/\/+$/, '')}/${get('bucket')}` : `s3://${get('bucket')}`;
    return prefix ? `${base}/${prefix}` : base;
  }
  if (get('host')) {
    const user = get('username') ? `${get('username')}@` : '';
    return `${user}${get('host')}${get('port') ? `:${get('port')}` : ''}${get('path') ? `:${get('path')}` : ''}`;
  }
  return get('path');
}

/** trustsOnFirstUse tells whether an SFTP destination accepts the host key it first sees and records it. */
export function trustsOnFirstUse(value: string | number | boolean | undefined): boolean {
  return value === true || value === 'true';
}
