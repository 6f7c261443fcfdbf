import { Tabs } from '@mantine/core';
import { useLocation, useNavigate } from 'react-router';
import { usePermissions } from './usePermissions';

/** UsersTabs switches between the two pages of the Users section: users and groups. */
export function UsersTabs() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const { can } = usePermissions();
  return (
    <Tabs value={pathname} onChange={(path) => path && navigate(path)}>
      <Tabs.List>
        <Tabs.Tab value="/users">Users</Tabs.Tab>
        {can('groups:read') && <Tabs.Tab value="/users/groups">Groups</Tabs.Tab>}
      </Tabs.List>
    </Tabs>
  );
}
