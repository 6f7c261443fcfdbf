import { Tabs } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { usePermissions } from '../admin/usePermissions';
import { SectionPage } from '../pages/SectionPage';
import type { Section } from '../sections';
import { ConfigBackupSettings } from './configbackup/ConfigBackupSettings';
import { SSOSettings } from './sso/SSOSettings';
import { SystemBackupSettings } from './systembackup/SystemBackupSettings';

/** settingsTabs are the Settings section's tabs, in order, with the permission each needs. */
const settingsTabs = [
  { value: 'sso', label: 'Single sign-on', permission: 'sso:read', Panel: SSOSettings },
  { value: 'config-backup', label: 'Config Backup', permission: 'settings:read', Panel: ConfigBackupSettings },
  { value: 'system-backup', label: 'System Backup', permission: 'settings:read', Panel: SystemBackupSettings },
] as const;

/**
 * SettingsPage holds the instance-wide settings: single sign-on, Config Backup and System Backup,
 * one tab each. The open tab is in the address (?tab=…), so it can be linked to.
 */
export function SettingsPage({ section }: { section: Section }) {
  const { can } = usePermissions();
  const [params, setParams] = useSearchParams();
  const tabs = settingsTabs.filter((t) => can(t.permission));
  const wanted = params.get('tab');
  const current = tabs.find((t) => t.value === wanted) ?? tabs[0];
  return (
    <SectionPage section={section}>
      <Tabs value={current?.value ?? null} onChange={(v) => v && setParams({ tab: v }, { replace: true })} keepMounted={false}>
        <Tabs.List>
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((t) => (
          <Tabs.Panel key={t.value} value={t.value} pt="md">
            <t.Panel />
          </Tabs.Panel>
        ))}
      </Tabs>
    </SectionPage>
  );
}
