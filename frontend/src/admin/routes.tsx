import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../auth/RequirePermission';
import { type Section, sections } from '../sections';
import { APIKeysPage } from './apikeys/APIKeysPage';
import { AuditPage } from './audit/AuditPage';
import { GroupsPage } from './groups/GroupsPage';
import { UsersPage } from './users/UsersPage';

/** adminSectionPages are the pages of the administration sections, by section path. */
export const adminSectionPages: Readonly<Record<string, ComponentType<{ section: Section }>>> = {
  '/users': UsersPage,
  '/api-keys': APIKeysPage,
  '/audit': AuditPage,
};

const users = sections.find((s) => s.path === '/users');
if (!users) throw new Error('sections.ts has no /users section for the groups page');

/** adminRoutes are the administration pages that are not a section of their own: groups, inside Users. */
export const adminRoutes: RouteObject[] = [
  {
    path: '/users/groups',
    element: (
      <RequirePermission permission="groups:read" what="Groups">
        <GroupsPage section={users} />
      </RequirePermission>
    ),
  },
];
