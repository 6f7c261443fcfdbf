import { useQuery } from 'urql';
import { NotificationKindsDocument } from '../gql/graphql';
import type { NotificationFieldSpec } from './fieldSpecs';

/** ChannelKind is one kind of channel the user can choose, with the fields of its form. */
export interface ChannelKind {
  value: string;
  label: string;
  fields: readonly NotificationFieldSpec[];
}

/**
 * useChannelKinds lists the kinds of channel with the fields of their forms, in the server's
 * order, and the system events a channel can subscribe to.
 */
export function useChannelKinds(): { kinds: ChannelKind[]; systemEvents: string[] } {
  const [{ data }] = useQuery({ query: NotificationKindsDocument });
  const kinds = (data?.notificationKinds ?? []).map((k) => ({ value: k.kind, label: k.label, fields: k.fields }));
  return { kinds, systemEvents: data?.systemEventTypes ?? [] };
}
