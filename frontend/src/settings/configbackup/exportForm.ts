import type { ConfigExportInput } from '../../gql/graphql';

/** passphraseMinLength is the server's minimum: shorter passphrases are refused with the export. */
export const passphraseMinLength = 12;

export interface ExportFormValues {
  includeSecrets: boolean;
  passphrase: string;
  confirm: string;
  includePasswordHashes: boolean;
}

export const initialExportValues: ExportFormValues = {
  includeSecrets: false,
  passphrase: '',
  confirm: '',
  includePasswordHashes: false,
};

/** validatePassphrase asks for a long enough passphrase, but only when secrets are exported. */
export function validatePassphrase(passphrase: string, values: ExportFormValues): string | null {
  if (!values.includeSecrets) return null;
  // Characters as the server counts them (code points), so an emoji counts once.
  const length = [...passphrase].length;
  if (length === 0) return 'Enter a passphrase to seal the secrets with.';
  if (length < passphraseMinLength) return `Use at least ${passphraseMinLength} characters; this one has ${length}.`;
  return null;
}

/** validateConfirm asks for the passphrase a second time, the same, so a typo does not lock the file. */
export function validateConfirm(confirm: string, values: ExportFormValues): string | null {
  if (!values.includeSecrets) return null;
  return confirm === values.passphrase ? null : 'The two passphrases differ.';
}

/** exportInput is what the form sends: the passphrase and hashes only with secrets. */
export function exportInput(values: ExportFormValues): ConfigExportInput {
  if (!values.includeSecrets) return { includeSecrets: false };
  return {
    includeSecrets: true,
    passphrase: values.passphrase,
    includePasswordHashes: values.includePasswordHashes,
  };
}

/**
 * saveFile hands content to the browser as a download named fileName, through a short-lived
 * object URL, so the document never passes through the server a second time.
 */
export function saveFile(fileName: string, content: string, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The click starts the download synchronously; the URL can go once the event has run.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
