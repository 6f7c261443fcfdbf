import { NavLink } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { navigation } from '../sections';

/** isActive tells whether pathname is the section at path or a page inside it. */
export function isActive(path: string, pathname: string): boolean {
  if (path === '/') return pathname === '/';
  return pathname === path || pathname.startsWith(`${path}/`);
}

/** Navigation lists every section of the SPA and marks the current one. */
export function Navigation() {
  const { pathname } = useLocation();
  return (
    <nav aria-label="Main">
      {navigation.map(({ path, label, icon: Icon }) => {
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
