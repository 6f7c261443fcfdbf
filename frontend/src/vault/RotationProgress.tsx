import { Progress, Stack, Text } from '@mantine/core';
import type { EncryptionKeyStatusFieldsFragment } from '../gql/graphql';
import { plural } from './keyId';

type Rotation = NonNullable<EncryptionKeyStatusFieldsFragment['rotation']>;

/** RotationProgress shows how many secrets are re-sealed under the new key so far. */
export function RotationProgress({ rotation: { done, total } }: { rotation: Rotation }) {
  const percent = total === 0 ? 100 : Math.round((done / total) * 100);
  return (
    <Stack gap={4}>
      <Progress.Root size="lg">
        <Progress.Section value={percent} animated={done < total} aria-label="Re-sealing progress" />
      </Progress.Root>
      <Text size="sm">
        {done} of {plural(total, 'secret')} re-sealed ({percent}%)
      </Text>
    </Stack>
  );
}
