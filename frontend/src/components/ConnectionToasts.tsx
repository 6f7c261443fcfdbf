import { notifications } from '@mantine/notifications';
import { useEffect, useRef } from 'react';
import { useConnectionStatus } from '../graphql/connection';

const toastId = 'connection';

/** ConnectionToasts tells the user when the live connection drops and when it comes back. */
export function ConnectionToasts() {
  const status = useConnectionStatus();
  const previous = useRef(status);
  useEffect(() => {
    const before = previous.current;
    previous.current = status;
    if (status === 'disconnected' && before === 'connected') {
      notifications.show({
        id: toastId,
        color: 'red',
        title: 'Connection lost',
        message: 'Live updates stopped; DBackup keeps trying to reconnect.',
        autoClose: false,
      });
    } else if (status === 'connected' && before === 'disconnected') {
      notifications.hide(toastId);
      notifications.show({ color: 'green', title: 'Reconnected', message: 'Live updates are back.' });
    }
  }, [status]);
  return null;
}
