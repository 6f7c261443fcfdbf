import { Alert, Button, CopyButton, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconCopy, IconLink } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { formatDateTime } from '../admin/DateTime';
import { type AlertContent, ErrorAlert } from '../admin/ErrorAlert';
import { alertOf } from '../admin/serverErrors';
import { type BackupRowFragment, CreateBackupDownloadLinkDocument } from '../gql/graphql';
import { absoluteURL } from '../lib/links';

/** linkLifetimes are the offered lifetimes of a link in minutes; the server takes 1 to 1440. */
export const linkLifetimes: ReadonlyArray<{ value: string; label: string }> = [
  { value: '15', label: '15 minutes' },
  { value: '60', label: '1 hour' },
  { value: '1440', label: '24 hours' },
];

/** linkSubject says what a link downloads: the stored file or, with decrypt, the dump inside it. */
export function linkSubject(backup: Pick<BackupRowFragment, 'encrypted'>, decrypt: boolean): string {
  if (decrypt) return 'the decrypted dump';
  return backup.encrypted ? 'the encrypted file as stored' : 'the stored file';
}

export interface DownloadLinkDialogProps {
  backup: BackupRowFragment;
  /** decrypt makes a link to the dump decrypted on the server; only for an encrypted backup. */
  decrypt: boolean;
  onClose(): void;
}

/**
 * DownloadLinkDialog makes a one-time link to a backup for a browser or script elsewhere. The
 * link is shown only here, once: it is kept in this component's state and gone when it closes.
 */
export function DownloadLinkDialog({ backup, decrypt, onClose }: DownloadLinkDialogProps) {
  const [{ fetching }, create] = useMutation(CreateBackupDownloadLinkDocument);
  const [minutes, setMinutes] = useState('15');
  const [error, setError] = useState<AlertContent>();
  const [link, setLink] = useState<{ url: string; expiresAt: string }>();
  const subject = linkSubject(backup, decrypt);

  const make = async () => {
    setError(undefined);
    const result = await create({ backup: backup.id, decrypt, expiresInMinutes: Number(minutes) });
    const made = result.data?.createBackupDownloadLink;
    if (result.error || !made) {
      if (result.error) setError(alertOf(result.error, 'Could not make the link'));
      return;
    }
    setLink({ url: absoluteURL(made.url), expiresAt: made.expiresAt });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title="One-time download link"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
      closeOnClickOutside={!link}
      centered
    >
      <Stack>
        <Text size="sm">
          A link to {subject} of <b>{backup.objectKey}</b>. It works once, without signing in, for a browser or a
          script on another machine; anyone who has it can download the backup until it is used or expires. Making and
          using it are recorded in the audit log.
        </Text>
        {!link ? (
          <>
            <Select
              label="Expires after"
              data={linkLifetimes}
              value={minutes}
              onChange={(value) => value && setMinutes(value)}
              allowDeselect={false}
              w={200}
            />
            <ErrorAlert error={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose} disabled={fetching}>
                Cancel
              </Button>
              <Button leftSection={<IconLink size={16} />} onClick={() => void make()} loading={fetching}>
                Make link
              </Button>
            </Group>
          </>
        ) : (
          <>
            <TextInput
              label="Link"
              value={link.url}
              readOnly
              spellCheck={false}
              styles={{ input: { fontFamily: 'monospace' } }}
              onFocus={(e) => e.currentTarget.select()}
            />
            <Alert color="blue" title="Works once, without signing in">
              Expires <time dateTime={link.expiresAt}>{formatDateTime(link.expiresAt)}</time>, or as soon as it has
              been used once. It is shown only now.
            </Alert>
            <Group justify="flex-end">
              <CopyButton value={link.url}>
                {({ copied, copy }) => (
                  <Button
                    variant="light"
                    color={copied ? 'teal' : undefined}
                    leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    onClick={copy}
                  >
                    {copied ? 'Copied' : 'Copy link'}
                  </Button>
                )}
              </CopyButton>
              <Button onClick={onClose}>Done</Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
