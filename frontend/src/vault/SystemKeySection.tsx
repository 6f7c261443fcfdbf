import { Alert, Badge, DataList, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { useSystemStatus } from '../status/useSystemStatus';
import { ClearedSecrets } from './ClearedSecrets';
import { type ForgetResult, ForgetSecretsButton } from './ForgetSecretsButton';
import { KeyId, KeyIdList } from './KeyId';
import { hideKeyMaterial } from './keyId';
import { keyStateAppearance } from './keyState';
import { RotationProgress } from './RotationProgress';
import { SealedValuesTable } from './SealedValuesTable';

/**
 * SystemKeySection shows the system key (ENCRYPTION_KEY) by its key ids, how many stored secrets
 * each key sealed, and lets an admin forget the secrets that no loaded key opens.
 */
export function SystemKeySection() {
  const titleId = useId();
  const { status, fetching, error, refetch } = useSystemStatus();
  const [forgotten, setForgotten] = useState<ForgetResult>();
  const key = status?.encryptionKey;

  const onForgotten = (result: ForgetResult) => {
    setForgotten(result);
    refetch();
  };

  return (
    <Stack component="section" aria-labelledby={titleId} gap="sm">
      <Title order={3} id={titleId}>
        System key
      </Title>
      <Text size="sm" c="dimmed">
        ENCRYPTION_KEY seals every secret stored in DBackup&apos;s database. Keys are shown only by their key id, never
        themselves.
      </Text>
      {fetching && <Loader aria-label="Loading the system key" />}
      {error && (
        <Alert color="red" icon={<IconAlertTriangle />} title="Could not load the system key">
          {error.message}
        </Alert>
      )}
      {key && (
        <>
          <DataList labelWidth="12rem">
            <DataList.Item>
              <DataList.ItemLabel>State</DataList.ItemLabel>
              <DataList.ItemValue>
                <Badge color={keyStateAppearance[key.state].color} variant="light" data-testid="key-state">
                  {keyStateAppearance[key.state].label}
                </Badge>
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Key id</DataList.ItemLabel>
              <DataList.ItemValue>
                <KeyId value={key.keyId} withCopy />
              </DataList.ItemValue>
            </DataList.Item>
            {key.expectedKeyId && key.expectedKeyId !== key.keyId && (
              <DataList.Item>
                <DataList.ItemLabel>Secrets sealed with</DataList.ItemLabel>
                <DataList.ItemValue>
                  <KeyId value={key.expectedKeyId} />
                </DataList.ItemValue>
              </DataList.Item>
            )}
            <DataList.Item>
              <DataList.ItemLabel>Previous key ids</DataList.ItemLabel>
              <DataList.ItemValue>
                <KeyIdList values={key.previousKeyIds} />
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Undecryptable secrets</DataList.ItemLabel>
              <DataList.ItemValue>{key.undecryptableSecrets}</DataList.ItemValue>
            </DataList.Item>
          </DataList>
          <Text size="sm">{hideKeyMaterial(key.message)}</Text>
          {key.state === 'ROTATING' && key.rotation && <RotationProgress rotation={key.rotation} />}
          <SealedValuesTable values={key.sealedValues} />
          {key.undecryptableSecrets > 0 && (
            <ForgetSecretsButton count={key.undecryptableSecrets} onForgotten={onForgotten} />
          )}
        </>
      )}
      {forgotten && <ClearedSecrets result={forgotten} />}
    </Stack>
  );
}
