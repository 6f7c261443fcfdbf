import { Anchor, Code, EmptyState } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';

export interface PermissionDeniedPageProps {
  /** permission is the one the viewer lacks, such as "vault:read". */
  permission: string;
  /** what names the page, such as "Vault". */
  what: string;
}

/** PermissionDeniedPage tells a signed-in viewer which permission a page needs and who can grant it. */
export function PermissionDeniedPage({ permission, what }: PermissionDeniedPageProps) {
  return (
    <EmptyState icon={<IconLock />} variant="light" color="gray" mt="xl" data-testid="permission-denied">
      <EmptyState.Title order={2}>You cannot open {what}</EmptyState.Title>
      <EmptyState.Description>
        You need the permission <Code>{permission}</Code> to use this page. Ask an administrator to add it to one of
        your groups.
      </EmptyState.Description>
      <EmptyState.Actions>
        <Anchor component={Link} to="/">
          Go to the dashboard
        </Anchor>
      </EmptyState.Actions>
    </EmptyState>
  );
}
