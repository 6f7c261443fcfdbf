import { Alert, Button, Center, Loader } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useCallback, useMemo } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useQuery } from 'urql';
import { SetupStateDocument, ViewerDocument } from '../gql/graphql';
import { errorMessage, hasErrorCode } from '../graphql/errors';
import { useSessionExpired } from '../graphql/session';
import { AuthCard } from './AuthCard';
import { loginPath, setupRoute } from './returnPath';
import { ViewerContext, viewerState } from './viewer';

/**
 * AuthGate is the route around every page that needs a viewer. A fresh instance goes to the
 * setup wizard first, since there is no one to sign in as; an anonymous visitor, or one whose
 * session has ended meanwhile, goes to the sign-in page, which returns here afterwards. Inside,
 * useViewer() gives the pages the viewer and its permissions.
 */
export function AuthGate() {
  const location = useLocation();
  const expired = useSessionExpired();
  const [setup, refetchSetup] = useQuery({ query: SetupStateDocument });
  const [viewerResult, refetchViewer] = useQuery({ query: ViewerDocument });
  const viewer = viewerResult.data?.viewer;

  const refresh = useCallback(() => refetchViewer({ requestPolicy: 'network-only' }), [refetchViewer]);
  const state = useMemo(() => (viewer ? viewerState(viewer, refresh) : undefined), [viewer, refresh]);

  const retry = () => {
    refetchSetup({ requestPolicy: 'network-only' });
    refresh();
  };

  if (setup.error) return <Unreachable message={errorMessage(setup.error)} onRetry={retry} />;
  // Setup comes first: before the first user exists, every viewer query is anonymous.
  if (!setup.data) return <Checking />;
  if (setup.data.systemStatus.setupNeeded) return <Navigate to={setupRoute} replace />;
  if (expired || hasErrorCode(viewerResult.error, 'UNAUTHENTICATED')) {
    return <Navigate to={loginPath(location)} replace />;
  }
  if (viewerResult.error) return <Unreachable message={errorMessage(viewerResult.error)} onRetry={retry} />;
  if (!state) return <Checking />;
  return (
    <ViewerContext.Provider value={state}>
      <Outlet />
    </ViewerContext.Provider>
  );
}

/** Checking is shown while the server has not yet said who is signed in. */
function Checking() {
  return (
    <Center mih="100vh">
      <Loader aria-label="Checking sign-in" />
    </Center>
  );
}

/** Unreachable says that the sign-in check failed, for example while the server is down. */
function Unreachable({ message, onRetry }: { message: string; onRetry(): void }) {
  return (
    <AuthCard title="DBackup is not answering">
      <Alert color="red" icon={<IconAlertTriangle />} title="Could not check who is signed in">
        {message}
      </Alert>
      <Button variant="default" onClick={onRetry}>
        Try again
      </Button>
    </AuthCard>
  );
}
