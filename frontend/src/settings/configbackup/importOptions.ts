import type { CombinedError } from 'urql';
import { type FormErrors, type ServerError, serverErrors } from '../../admin/serverErrors';
import type { ConfigImportPolicy } from '../../gql/graphql';

/** importPolicies are the choices for an item whose name already exists here, each explained in a line. */
export const importPolicies: ReadonlyArray<{ value: ConfigImportPolicy; label: string; description: string }> = [
  {
    value: 'SKIP',
    label: 'Skip existing items',
    description: 'An item whose name exists here is kept as it is; only new items are created.',
  },
  {
    value: 'OVERWRITE',
    label: 'Overwrite existing items',
    description: 'An item whose name exists here takes the file’s content and keeps its id and history.',
  },
  {
    value: 'RENAME',
    label: 'Import under a new name',
    description: 'An item whose name exists here with other content is created again as “name (imported)”.',
  },
];

/** policyDescription is the one-line explanation of policy. */
export function policyDescription(policy: ConfigImportPolicy): string {
  return importPolicies.find((p) => p.value === policy)?.description ?? '';
}

/**
 * ImportErrorTitles say what went wrong for the error codes an import answers with, by code; the
 * alert adds the server's own message.
 */
export type ImportErrorTitles = Readonly<Record<string, string>>;

/** fileErrorTitles are the titles for an import of an exported file, which opens with a passphrase. */
export const fileErrorTitles: ImportErrorTitles = {
  CONFIG_OPEN_FAILED: 'Wrong passphrase or the file was modified',
  CONFIG_FUTURE_VERSION: 'The file comes from a newer DBackup: upgrade this instance to import it',
};

/** missingPassphraseTitle heads CONFIG_OPEN_FAILED when no passphrase was given at all. */
export const missingPassphraseTitle = 'The file holds secrets: enter the passphrase it was exported with';

/** storedErrorTitles are the titles for an import of a stored Config Backup, which opens with a profile key. */
export const storedErrorTitles: ImportErrorTitles = {
  CONFIG_OPEN_FAILED: 'The backup does not open with this instance’s encryption profile keys, or it was modified',
  CONFIG_FUTURE_VERSION: 'The backup comes from a newer DBackup: upgrade this instance to import it',
  ENCRYPTION_KEY_MISMATCH: 'A stored secret does not open under this instance’s ENCRYPTION_KEY',
};

/**
 * importErrors puts the server's objections next to the import's fields (extensions.field) and
 * explains the rest in one alert. An error with a code of titles always goes into the alert,
 * titled with what the code means, since a wrong passphrase and a modified file look the same
 * to the server and the message should not hide under one field.
 */
export function importErrors(
  error: CombinedError,
  fields: readonly string[],
  title: string,
  titles: ImportErrorTitles,
): FormErrors {
  const out: FormErrors = { fields: {} };
  const rest: ServerError[] = [];
  for (const e of serverErrors(error)) {
    const coded = e.code !== undefined && e.code in titles;
    if (!coded && e.field && fields.includes(e.field)) {
      out.fields[e.field] = out.fields[e.field] ? `${out.fields[e.field]}; ${e.message}` : e.message;
    } else {
      rest.push(e);
    }
  }
  if (rest.length > 0) {
    const known = rest.map((e) => (e.code ? titles[e.code] : undefined)).find((t) => t !== undefined);
    out.alert = { title: known ?? title, message: rest.map((e) => e.message).join('; ') };
  }
  return out;
}
