import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

/** AlertContent is what an error alert says: what failed, and the server's words why. */
export interface AlertContent {
  title: string;
  message: string;
}

/** ErrorAlert shows an error the server reported, or nothing without one. */
export function ErrorAlert({ error }: { error?: AlertContent }) {
  if (!error) return null;
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title={error.title}>
      {error.message}
    </Alert>
  );
}
