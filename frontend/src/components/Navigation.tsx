import { NavLink } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { useViewer } from '../auth/viewer';
import { navigation } from '../sections';

/** isActive tells whether pathname is the section at path or a page inside it. */
export function isActive(path: string, pathname: string): boolean {
  if (path === '/') return pathname === '/';
  return pathname === path || pathname.startsWith(`${path}/`);
}

/**
 * Navigation lists the sections of the SPA that the viewer may open and marks the current one.
 * Sections the viewer lacks the permission for are left out rather than shown disabled: they
 * would only lead to a page that explains the missing permission.
 */
export function Navigation() {
  const { pathname } = useLocation();
  const { can } = useViewer();
  const visible = navigation.filter((section) => !section.permission || can(section.permission));
  return (
    <nav aria-label="Main">
      {visible.map(({ path, label, icon: Icon }) => {
        const active = isActive(path, pathname);
        return (
          <NavLink
            key={path}
            component={Link}
            to={path}
            label={label}
            leftSection={<Icon size={18} stroke={1.5} />}
            active={active}
            aria-current={active ? 'page' : undefined}
          />
        );
      })}
    </nav>
  );
}
