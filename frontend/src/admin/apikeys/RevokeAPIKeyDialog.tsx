import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { type ApiKeyRowFragment, RevokeApiKeyDocument } from '../../gql/graphql';
import { ConfirmDialog } from '../ConfirmDialog';
import type { AlertContent } from '../ErrorAlert';
import { alertOf } from '../serverErrors';

export interface RevokeAPIKeyDialogProps {
  apiKey: ApiKeyRowFragment;
  onClose(): void;
  onDone(): void;
}

/** RevokeAPIKeyDialog revokes a key for good, after the viewer has confirmed. */
export function RevokeAPIKeyDialog({ apiKey, onClose, onDone }: RevokeAPIKeyDialogProps) {
  const [{ fetching }, revoke] = useMutation(RevokeApiKeyDocument);
  const [error, setError] = useState<AlertContent>();
  const confirm = async () => {
    const result = await revoke({ id: apiKey.id });
    if (result.error) {
      setError(alertOf(result.error, `Could not revoke ${apiKey.name}`));
      return;
    }
    notifications.show({ color: 'green', title: 'API key revoked', message: `${apiKey.name} no longer works.` });
    onDone();
  };
  return (
    <ConfirmDialog
      opened
      title={`Revoke API key ${apiKey.name}?`}
      confirmLabel={`Revoke ${apiKey.name}`}
      busy={fetching}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    >
      Requests with the key {apiKey.prefix}… are refused from now on. A revoked key cannot be restored.
    </ConfirmDialog>
  );
}
