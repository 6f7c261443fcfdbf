import { ActionIcon, CopyButton, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

/**
 * CallbackURL shows the redirect URI the provider must allow for this DBackup, with a button that
 * copies it, since registering it at the provider is the step people most often miss.
 */
export function CallbackURL({ url }: { url: string }) {
  // Without BASE_URL the server knows only the path; the provider needs the address people use,
  // which is the one this page was opened with.
  const full = url.startsWith('/') ? `${window.location.origin}${url}` : url;
  return (
    <TextInput
      label="Redirect URI"
      description="Register this URI as an allowed redirect (callback) URI of the client at the provider; sign-in fails without it."
      value={full}
      readOnly
      spellCheck={false}
      styles={{ input: { fontFamily: 'monospace' } }}
      onFocus={(e) => e.currentTarget.select()}
      rightSection={
        <CopyButton value={full}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy the redirect URI'}>
              <ActionIcon
                variant="subtle"
                color={copied ? 'teal' : 'gray'}
                aria-label="Copy the redirect URI"
                onClick={copy}
              >
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}
