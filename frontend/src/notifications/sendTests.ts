import { useCallback, useState } from 'react';
import { useMutation } from 'urql';
import type { CombinedError } from 'urql';
import type { AlertContent } from '../admin/ErrorAlert';
import { alertOf, serverErrors } from '../admin/serverErrors';
import type { RowTest } from '../forms/rowTests';
import { type NotificationDeliveryRowFragment, SendTestNotificationDocument } from '../gql/graphql';

/** keyMismatch explains a channel whose secrets were sealed under another ENCRYPTION_KEY. */
const keyMismatch =
  "The channel's stored secrets were sealed with a different ENCRYPTION_KEY than the one this server has " +
  'loaded, so it cannot send. Start DBackup with that key, or edit the channel and enter its secrets again.';

/** sendTestAlert says why a test message could not even be tried. */
export function sendTestAlert(error: CombinedError, name: string): AlertContent {
  if (serverErrors(error).some((e) => e.code === 'ENCRYPTION_KEY_MISMATCH')) {
    return { title: 'Stored secrets are sealed with another key', message: keyMismatch };
  }
  return alertOf(error, `Could not send a test to ${name}`);
}

/**
 * useSendTests sends test messages to saved channels and keeps each one's latest outcome, so
 * the table can show it under the channel's row until dismissed. onSent runs after each send,
 * for the lists that show deliveries to reload.
 */
export function useSendTests(onSent: () => void) {
  const [, sendTest] = useMutation(SendTestNotificationDocument);
  const [tests, setTests] = useState<Record<string, RowTest<NotificationDeliveryRowFragment>>>({});
  const start = useCallback(
    async (channel: { id: string; name: string }) => {
      setTests((t) => ({ ...t, [channel.id]: { running: true } }));
      const answer = await sendTest({ id: channel.id });
      const test: RowTest<NotificationDeliveryRowFragment> = answer.error
        ? { running: false, alert: sendTestAlert(answer.error, channel.name) }
        : { running: false, result: answer.data?.sendTestNotification };
      setTests((t) => ({ ...t, [channel.id]: test }));
      onSent();
    },
    [sendTest, onSent],
  );
  const dismiss = useCallback((id: string) => {
    setTests(({ [id]: _, ...rest }) => rest);
  }, []);
  return { tests, start, dismiss };
}
