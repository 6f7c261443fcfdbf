import { createContext, useContext } from 'react';
import type { ViewerFieldsFragment } from '../gql/graphql';

export type Viewer = ViewerFieldsFragment;

/** ViewerState is what useViewer gives the pages inside the sign-in gate. */
export interface ViewerState {
  /** viewer is the signed-in user (or the owner of the API key the request carries). */
  viewer: Viewer;
  /**
   * can tells whether the viewer holds permission, such as "sources:read". It only decides what
   * the UI offers; the server checks every operation again and answers FORBIDDEN.
   */
  can(permission: string): boolean;
  /** refresh asks the server for the viewer again, after a change to the account. */
  refresh(): void;
}

/** viewerState builds the context value for viewer. */
export function viewerState(viewer: Viewer, refresh: () => void = () => {}): ViewerState {
  const held = new Set(viewer.permissions);
  return { viewer, can: (permission) => held.has(permission), refresh };
}

export const ViewerContext = createContext<ViewerState | undefined>(undefined);

/**
 * useViewer returns the signed-in viewer and can(). It is for components inside the sign-in
 * gate, which provides the context; anywhere else it throws, because a page that silently got
 * no viewer would show or hide the wrong things.
 */
export function useViewer(): ViewerState {
  const state = useContext(ViewerContext);
  if (!state) throw new Error('useViewer is used outside the sign-in gate (AuthGate)');
  return state;
}
