import {
  IconApi,
  IconBell,
  IconDatabase,
  IconDeviceFloppy,
  IconGauge,
  IconHistory,
  IconKey,
  IconListSearch,
  IconServer,
  IconSettings,
  IconTimelineEvent,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';

/** Section is one entry of the navigation: a top-level page of the SPA. */
export interface Section {
  path: string;
  label: string;
  icon: Icon;
  /** summary says in one sentence what the section manages. */
  summary: string;
  /**
   * permission is what a viewer needs to open the section, such as "sources:read"; the
   * navigation hides the section from viewers without it. None: every signed-in viewer.
   */
  permission?: string;
}

export const dashboard: Section = {
  path: '/',
  label: 'Dashboard',
  icon: IconGauge,
  summary: 'The state of this DBackup instance at a glance.',
};

/** sections are the pages after the dashboard, in navigation order. */
export const sections: readonly Section[] = [
  {
    path: '/sources',
    label: 'Sources',
    icon: IconDatabase,
    summary: 'The databases DBackup backs up: how to reach each one and which vault secrets it signs in with.',
    permission: 'sources:read',
  },
  {
    path: '/destinations',
    label: 'Destinations',
    icon: IconServer,
    summary: 'Where backups are written, such as S3-compatible buckets or local folders, and the credentials to reach them.',
    permission: 'destinations:read',
  },
  {
    path: '/jobs',
    label: 'Jobs',
    icon: IconTimelineEvent,
    summary: 'Which source is backed up to which destination, on what schedule and with what retention, and the history of every run.',
    permission: 'jobs:read',
  },
  {
    path: '/executions',
    label: 'History',
    icon: IconHistory,
    summary: 'Every backup and restore run, newest first: how each went, how long it took and what it stored.',
    permission: 'history:read',
  },
  {
    path: '/storage',
    label: 'Storage',
    icon: IconDeviceFloppy,
    summary: 'The backups kept in each destination, the space they take, and restoring from them.',
    permission: 'storage:read',
  },
  {
    path: '/vault',
    label: 'Vault',
    icon: IconKey,
    summary: 'The encrypted secrets, such as database passwords and storage keys, that sources and destinations refer to.',
    permission: 'vault:read',
  },
  {
    path: '/notifications',
    label: 'Notifications',
    icon: IconBell,
    summary: 'Where DBackup tells people about runs and about itself: email, webhooks and chat, and how each message went.',
    permission: 'notifications:read',
  },
  {
    path: '/users',
    label: 'Users',
    icon: IconUsers,
    summary: 'The people who can sign in to DBackup and what each of them is allowed to do.',
    permission: 'users:read',
  },
  {
    path: '/api-keys',
    label: 'API keys',
    icon: IconApi,
    summary: 'Your keys for scripts and CI: each acts as you, limited to the scopes you give it.',
    permission: 'apikeys:read',
  },
  {
    path: '/audit',
    label: 'Audit',
    icon: IconListSearch,
    summary: 'Who changed what, when and from where, and how long these entries are kept.',
    permission: 'audit:read',
  },
  {
    path: '/settings',
    label: 'Settings',
    icon: IconSettings,
    summary: 'Instance-wide settings such as default retention, notifications and sign-in.',
    permission: 'settings:read',
  },
];

/** navigation is every section in the order the navbar lists them. */
export const navigation: readonly Section[] = [dashboard, ...sections];
