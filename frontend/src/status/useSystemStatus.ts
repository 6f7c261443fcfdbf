import { useCallback, useState } from 'react';
import { type CombinedError, useQuery, useSubscription } from 'urql';
import {
  type SystemStatusFieldsFragment,
  SystemStatusDocument,
  SystemStatusLiveDocument,
} from '../gql/graphql';

export interface SystemStatusState {
  /** status is the newest status known, or undefined before the first answer. */
  status?: SystemStatusFieldsFragment;
  /** live is true once the subscription has delivered, false while only the query has. */
  live: boolean;
  fetching: boolean;
  /** error is set only when no status could be had at all. */
  error?: CombinedError;
  /** refetch asks the server for the status now, after a change the next push would show late. */
  refetch(): void;
}

/**
 * useNewest returns whichever of pushed and fetched changed last, pushed when both changed at
 * once, so a refetch after a mutation wins over the subscription's older push until the next.
 * It adjusts its state during render, as React advises for values derived from changing props.
 */
function useNewest<T>(pushed: T | undefined, fetched: T | undefined): T | undefined {
  const [seen, setSeen] = useState({ pushed, fetched, newest: pushed ?? fetched });
  if (seen.pushed === pushed && seen.fetched === fetched) return seen.newest;
  let newest = pushed ?? fetched;
  if (pushed !== seen.pushed && pushed !== undefined) newest = pushed;
  else if (fetched !== seen.fetched && fetched !== undefined) newest = fetched;
  setSeen({ pushed, fetched, newest });
  return newest;
}

/**
 * useSystemStatus follows the systemStatus subscription and falls back to the systemStatus
 * query until the subscription delivers, so the page has data even while the websocket is down.
 * urql shares identical operations, so every caller uses the same subscription.
 */
export function useSystemStatus(): SystemStatusState {
  const [subscription] = useSubscription({ query: SystemStatusLiveDocument });
  const [query, reexecuteQuery] = useQuery({ query: SystemStatusDocument });
  const pushed = subscription.data?.systemStatus;
  const status = useNewest(pushed, query.data?.systemStatus);
  const refetch = useCallback(() => reexecuteQuery({ requestPolicy: 'network-only' }), [reexecuteQuery]);
  return {
    status,
    live: pushed !== undefined,
    fetching: status === undefined && query.fetching,
    error: status === undefined ? (query.error ?? subscription.error) : undefined,
    refetch,
  };
}
