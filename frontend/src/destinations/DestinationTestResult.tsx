import { Alert, Code, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import type { FieldSpec } from '../forms/fieldValues';
import { TestErrorAlert } from '../forms/TestErrorAlert';
import type { DestinationTestFieldsFragment } from '../gql/graphql';
import { formatLatency } from '../lib/bytes';

export interface DestinationTestResultProps {
  result: DestinationTestFieldsFragment;
  fields?: readonly FieldSpec[];
  /** trustOnFirstUse is whether the destination records the host key it first sees. */
  trustOnFirstUse: boolean;
}

/**
 * DestinationTestResult shows a probe of a destination: how long writing, reading back and
 * deleting a probe object took, and the SSH host key an SFTP server presented; or why it failed.
 */
export function DestinationTestResult({ result, fields, trustOnFirstUse }: DestinationTestResultProps) {
  const hostKey = result.hostKeyFingerprint && (
    <Text size="sm">
      Host key: <Code data-testid="host-key-fingerprint">{result.hostKeyFingerprint}</Code>
      {trustOnFirstUse
        ? ' — trusted on first use and recorded.'
        : ' — pin it as the host key fingerprint so that only this server is accepted.'}
    </Text>
  );
  if (result.error) {
    return (
      <Stack gap="xs">
        <TestErrorAlert error={result.error} fields={fields} />
        {hostKey}
      </Stack>
    );
  }
  return (
    <Alert color="green" icon={<IconCircleCheck />} title="Connection OK" data-testid="test-ok">
      <Stack gap={4}>
        <Text size="sm">
          A probe object was written, read back and deleted
          {result.latencyMs != null && <> in {formatLatency(result.latencyMs)}</>}.
        </Text>
        {hostKey}
      </Stack>
    </Alert>
  );
}
