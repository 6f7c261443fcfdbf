import { Alert, Code, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { TestErrorFieldsFragment } from '../gql/graphql';
import type { FieldSpec } from './fieldValues';

/** testErrorTitles name each code a connection test fails with, as a heading people understand. */
export const testErrorTitles: Readonly<Record<string, string>> = {
  HOST_UNREACHABLE: 'Host unreachable',
  TLS_FAILED: 'TLS failed',
  AUTH_FAILED: 'Authentication failed',
  PERMISSION_DENIED: 'Permission denied',
  NOT_FOUND: 'Not found',
  HOST_KEY_MISMATCH: 'Host key mismatch',
  INVALID_CONFIG: 'Invalid settings',
  CONNECTION_FAILED: 'Connection failed',
  ENCRYPTION_KEY_MISMATCH: 'Stored secret sealed with another key',
  SECRET_UNDECRYPTABLE: 'Stored secret cannot be decrypted',
};

/** testErrorTitle is the heading of a failed test's code; an unknown code still reads as a failure. */
export function testErrorTitle(code: string): string {
  return testErrorTitles[code] ?? 'Connection test failed';
}

/** explanations add what to do for codes whose message alone does not say it. */
const explanations: Readonly<Record<string, string>> = {
  ENCRYPTION_KEY_MISMATCH:
    'A stored secret of this item was sealed with a different ENCRYPTION_KEY than the one this server has ' +
    'loaded, so it cannot be used. Start DBackup with that key, or type the secret into the form again.',
  SECRET_UNDECRYPTABLE: 'Type the secret into the form again and save.',
};

export interface TestErrorAlertProps {
  error: TestErrorFieldsFragment;
  /** fields label the setting at fault (error.field) as the form does. */
  fields?: readonly FieldSpec[];
}

/** TestErrorAlert tells why a connection test failed: the code as a title, the server's message and what to do. */
export function TestErrorAlert({ error, fields = [] }: TestErrorAlertProps) {
  const explanation = explanations[error.code];
  const fieldLabel = fields.find((f) => f.name === error.field)?.label;
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title={testErrorTitle(error.code)} data-testid="test-error">
      <Stack gap={4}>
        {explanation && <Text size="sm">{explanation}</Text>}
        {error.field && (
          <Text size="sm">
            Setting: <strong>{fieldLabel ?? error.field}</strong>
          </Text>
        )}
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {error.message}
        </Text>
        <Text size="xs" c="dimmed">
          Code <Code>{error.code}</Code>
        </Text>
      </Stack>
    </Alert>
  );
}
