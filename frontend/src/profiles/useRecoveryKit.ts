import { useState } from 'react';
import { useMutation } from 'urql';
import type { AlertContent } from '../admin/ErrorAlert';
import { alertOf } from '../admin/serverErrors';
import { CreateRecoveryKitLinkDocument } from '../gql/graphql';
import { startDownload } from '../lib/links';

/**
 * useRecoveryKit downloads a Recovery Kit of some profiles: it makes a one-time link and opens it
 * in this tab, which the server answers with the ZIP as an attachment. The link is never shown.
 */
export function useRecoveryKit() {
  const [{ fetching }, create] = useMutation(CreateRecoveryKitLinkDocument);
  const [error, setError] = useState<AlertContent>();
  const [downloaded, setDownloaded] = useState(false);

  const download = async (profiles: readonly string[]) => {
    setError(undefined);
    const result = await create({ profiles: [...profiles] });
    const link = result.data?.createRecoveryKitLink;
    if (result.error || !link) {
      if (result.error) setError(alertOf(result.error, 'Could not make the Recovery Kit'));
      return false;
    }
    startDownload(link.url);
    setDownloaded(true);
    return true;
  };

  return { download, fetching, error, downloaded };
}
