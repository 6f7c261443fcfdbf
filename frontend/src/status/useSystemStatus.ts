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
}

/**
 * useSystemStatus follows the systemStatus subscription and falls back to the systemStatus
 * query until the subscription delivers, so the page has data even while the websocket is down.
 * urql shares identical operations, so every caller uses the same subscription.
 */
export function useSystemStatus(): SystemStatusState {
  const [subscription] = useSubscription({ query: SystemStatusLiveDocument });
  const [query] = useQuery({ query: SystemStatusDocument });
  const live = subscription.data?.systemStatus;
  const status = live ?? query.data?.systemStatus;
  return {
    status,
    live: live !== undefined,
    fetching: status === undefined && query.fetching,
    error: status === undefined ? (query.error ?? subscription.error) : undefined,
  };
}
