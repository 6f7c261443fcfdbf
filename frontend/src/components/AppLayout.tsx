import { AppShell, Burger, Group, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { Outlet, useLocation } from 'react-router';
import { KeyStatusBanner } from '../vault/KeyStatusBanner';
import { ConnectionIndicator } from './ConnectionIndicator';
import { ConnectionToasts } from './ConnectionToasts';
import { Navigation } from './Navigation';
import { UserMenu } from './UserMenu';
import { VersionBadge } from './VersionBadge';

/** AppLayout is the layout route: header, navigation, the key banner and the current page. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  // On small screens the navbar is an overlay; following a link closes it.
  useEffect(close, [pathname, close]);
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <ConnectionToasts />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={3} component="span">
              DBackup
            </Title>
          </Group>
          <Group gap="md" wrap="nowrap">
            <ConnectionIndicator />
            <VersionBadge />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <Navigation />
      </AppShell.Navbar>
      <AppShell.Main>
        <KeyStatusBanner />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
