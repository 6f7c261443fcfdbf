import { Alert, Button, Stack } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { alertOf } from '../../admin/serverErrors';
import { TestSsoDiscoveryDocument } from '../../gql/graphql';

/** Outcome is what checking one issuer URL found. */
interface Outcome {
  issuerURL: string;
  ok: boolean;
  title: string;
  message: string;
}

/** codeTitles name what a failed discovery means, by the code testSSODiscovery answers. */
const codeTitles: Readonly<Record<string, string>> = {
  PROVIDER_UNREACHABLE: 'The provider could not be reached',
  DISCOVERY_INVALID: 'The discovery document is not valid',
};

/**
 * DiscoveryCheck fetches the issuer's /.well-known/openid-configuration through the server,
 * without saving anything, and shows whether it is usable. The outcome stays only while the
 * issuer URL is the one that was checked.
 */
export function DiscoveryCheck({ issuerURL }: { issuerURL: string }) {
  const [{ fetching }, check] = useMutation(TestSsoDiscoveryDocument);
  const [outcome, setOutcome] = useState<Outcome>();
  const url = issuerURL.trim();

  const run = async () => {
    const result = await check({ issuerURL: url });
    const answer = result.data?.testSSODiscovery;
    if (result.error || !answer) {
      const alert = result.error
        ? alertOf(result.error, 'Could not check the discovery document')
        : { title: 'Could not check the discovery document', message: 'The server gave no answer.' };
      setOutcome({ issuerURL: url, ok: false, ...alert });
    } else if (answer.ok) {
      setOutcome({
        issuerURL: url,
        ok: true,
        title: 'Discovery works',
        message: 'DBackup read the provider’s discovery document, and it names every endpoint sign-in needs.',
      });
    } else {
      const code = answer.code ?? 'DISCOVERY_INVALID';
      setOutcome({
        issuerURL: url,
        ok: false,
        title: codeTitles[code] ?? `Discovery failed (${code})`,
        message: answer.message ?? 'The provider’s discovery document could not be used.',
      });
    }
  };

  const shown = outcome && outcome.issuerURL === url ? outcome : undefined;
  return (
    <Stack gap="xs">
      <Button
        variant="light"
        size="compact-sm"
        style={{ alignSelf: 'flex-start' }}
        disabled={url === ''}
        loading={fetching}
        onClick={run}
      >
        Check discovery
      </Button>
      {shown && (
        <Alert
          color={shown.ok ? 'green' : 'red'}
          icon={shown.ok ? <IconCircleCheck /> : <IconAlertTriangle />}
          title={shown.title}
          data-testid="discovery-result"
        >
          {shown.message}
        </Alert>
      )}
    </Stack>
  );
}
