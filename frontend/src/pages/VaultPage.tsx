import { Divider } from '@mantine/core';
import { ProfilesSection } from '../profiles/ProfilesSection';
import type { Section } from '../sections';
import { RotationHelp } from '../vault/RotationHelp';
import { SystemKeySection } from '../vault/SystemKeySection';
import { SectionPage } from './SectionPage';

/**
 * VaultPage shows the system key that seals the stored secrets and how to rotate it, and the
 * encryption profiles whose keys encrypt the backups.
 */
export function VaultPage({ section }: { section: Section }) {
  return (
    <SectionPage section={section}>
      <SystemKeySection />
      <Divider />
      <RotationHelp />
      <Divider />
      <ProfilesSection />
    </SectionPage>
  );
}
