import { createContext, useContext, useSyncExternalStore } from 'react';

/**
 * SessionStore remembers whether the server has stopped accepting this browser's session: any
 * operation that answered UNAUTHENTICATED after sign-in means the session expired, was revoked
 * or ended by a password change elsewhere. The GraphQL client writes it; the sign-in gate reads
 * it and sends the user to the sign-in page.
 */
export interface SessionStore {
  expired(): boolean;
  expire(): void;
  subscribe(listener: () => void): () => void;
}

/**
 * createSessionStore returns a store whose session has not expired. It never un-expires: a
 * sign-in loads the app anew (see loadPage), which creates a fresh store.
 */
export function createSessionStore(): SessionStore {
  let expired = false;
  const listeners = new Set<() => void>();
  return {
    expired: () => expired,
    expire() {
      if (expired) return;
      expired = true;
      listeners.forEach((listener) => listener());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const SessionContext = createContext<SessionStore>(createSessionStore());

/** useSessionExpired re-renders the caller when the session expires. */
export function useSessionExpired(): boolean {
  const store = useContext(SessionContext);
  return useSyncExternalStore(store.subscribe, store.expired);
}
