import { useCallback, useEffect, useState } from 'react';
import { type CombinedError, useQuery, useSubscription } from 'urql';
import { type ExecutionDetailFragment, ExecutionDocument, ExecutionLiveDocument } from '../gql/graphql';
import { isActive } from './status';

/** logLines is how many of the newest log lines the live view asks for. */
export const logLines = 500;

/** pollMs is how often the run is fetched while it is active and the subscription is not delivering. */
const pollMs = 3_000;

export interface ExecutionState {
  /** execution is the newest state known; null when the server has no such run. */
  execution?: ExecutionDetailFragment | null;
  /** live is true once the subscription has pushed an update. */
  live: boolean;
  fetching: boolean;
  error?: CombinedError;
  /** refetch asks the server for the run now, such as after cancelling it. */
  refetch(): void;
}

/**
 * newer tells whether a is a later state of the run than b: the server's updateTime moves with
 * every change, and a finished run never becomes active again.
 */
function newer(a: ExecutionDetailFragment, b: ExecutionDetailFragment): boolean {
  if (isActive(a.status) !== isActive(b.status)) return !isActive(a.status);
  return Date.parse(a.updateTime) >= Date.parse(b.updateTime);
}

/**
 * useExecution follows one run: the execution query for its state at once, and the
 * executionUpdated subscription for every change until it ends. While the run is active and the
 * subscription is silent (the websocket is down, or it ended early) the query is polled, so the
 * view never freezes on a stale state.
 */
export function useExecution(id: string): ExecutionState {
  const variables = { id, logLines };
  const [query, reexecute] = useQuery({ query: ExecutionDocument, variables });
  const fetched = query.data?.execution;
  const finished = fetched != null && !isActive(fetched.status);
  const [subscription] = useSubscription({ query: ExecutionLiveDocument, variables, pause: finished });
  const pushed = subscription.data?.executionUpdated;

  let execution: ExecutionDetailFragment | null | undefined = fetched;
  if (pushed && (!fetched || newer(pushed, fetched))) execution = pushed;

  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const active = execution != null && isActive(execution.status);
  const [pushCount, setPushCount] = useState({ pushed, count: 0 });
  if (pushCount.pushed !== pushed) setPushCount({ pushed, count: pushCount.count + 1 });

  // Poll while active, restarting the wait after every push so a live subscription is not doubled.
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(refetch, pollMs);
    return () => clearInterval(timer);
  }, [active, refetch, pushCount.count]);

  return {
    execution,
    live: pushed !== undefined,
    fetching: execution === undefined && query.fetching,
    error: execution === undefined ? (query.error ?? subscription.error) : undefined,
    refetch,
  };
}
