import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { signOut } from '../auth/http';
import { loadPage } from '../auth/pageLoad';
import { loginRoute } from '../auth/returnPath';
import { useViewer } from '../auth/viewer';

/** profilePath is the viewer's own account page. */
export const profilePath = '/profile';

/**
 * UserMenu is the header's menu of the signed-in user: their profile, and signing out, after
 * which the app loads anew at the sign-in page so nothing of the session stays in memory.
 */
export function UserMenu() {
  const { viewer } = useViewer();

  const leave = async () => {
    if (!(await signOut())) {
      notifications.show({
        color: 'red',
        title: 'Could not sign out',
        message: 'DBackup did not confirm the sign-out. Check the connection and try again.',
      });
      return;
    }
    loadPage(loginRoute);
  };

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconUserCircle size={18} />}
          rightSection={<IconChevronDown size={14} />}
          aria-label={`Account menu of ${viewer.username}`}
        >
          {viewer.displayName || viewer.username}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as {viewer.username}</Menu.Label>
        <Menu.Item component={Link} to={profilePath} leftSection={<IconUserCircle size={16} />}>
          Profile
        </Menu.Item>
        <Menu.Item onClick={leave} leftSection={<IconLogout size={16} />}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
