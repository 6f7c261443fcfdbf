import type { RestoreMethod } from '../gql/graphql';

/** restoreMethodText says in plain words how a restore changes target, named by its source name. */
export function restoreMethodText(method: RestoreMethod, target: string): string {
  switch (method) {
    case 'REPLACE_DATABASES':
      return 'The chosen databases are dropped and recreated';
    case 'REPLACE_FILE':
      return 'The SQLite file is replaced';
    case 'FLUSH_AND_REPLAY':
      return `Everything on ${target} is deleted (FLUSHALL), then every key of the backup is replayed — works on managed Redis`;
    case 'MANUAL':
      return `${target} is not marked replaceable: restore it by hand`;
    default:
      return String(method);
  }
}

/** StepPart is a piece of a manual step: plain text, or a command or path written `in backticks`. */
export interface StepPart {
  text: string;
  code: boolean;
}

/**
 * stepParts splits a manual step at its backticks, so that `commands` show as code. An unpaired
 * backtick stays as text.
 */
export function stepParts(step: string): StepPart[] {
  const pieces = step.split('`');
  if (pieces.length % 2 === 0) return [{ text: step, code: false }];
  return pieces.map((text, i) => ({ text, code: i % 2 === 1 })).filter((part) => part.text !== '');
}
