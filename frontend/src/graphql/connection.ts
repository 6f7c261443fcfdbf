import { createContext, useContext, useSyncExternalStore } from 'react';

/** ConnectionStatus is the state of the websocket that carries GraphQL subscriptions. */
export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** ConnectionStore holds the websocket state for React; the GraphQL client writes to it. */
export interface ConnectionStore {
  get(): ConnectionStatus;
  set(status: ConnectionStatus): void;
  subscribe(listener: () => void): () => void;
}

/** createConnectionStore returns a store that starts in the given state. */
export function createConnectionStore(initial: ConnectionStatus = 'connecting'): ConnectionStore {
  let status = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => status,
    set(next) {
      if (next === status) return;
      status = next;
      listeners.forEach((listener) => listener());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const ConnectionContext = createContext<ConnectionStore>(createConnectionStore());

/** useConnectionStatus re-renders the caller whenever the websocket state changes. */
export function useConnectionStatus(): ConnectionStatus {
  const store = useContext(ConnectionContext);
  return useSyncExternalStore(store.subscribe, store.get);
}
