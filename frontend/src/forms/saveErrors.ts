import type { CombinedError } from 'urql';
import type { FormErrors } from '../admin/serverErrors';
import { serverErrors } from '../admin/serverErrors';
import { type FieldSpec, fieldPath } from './fieldValues';

/** codeTitles head the alert of a failed save by the code of its first error with one. */
const codeTitles: Readonly<Record<string, string>> = {
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'It no longer exists',
  ENCRYPTION_KEY_MISMATCH: 'Stored secrets are sealed with another key',
};

/**
 * saveErrors puts each error of a failed create or update next to the input it names: the name
 * (also for CONFLICT, a taken name) or a setting or secret of the generated form. The rest go
 * into one alert under title.
 */
export function saveErrors(error: CombinedError, fields: readonly FieldSpec[], title: string): FormErrors {
  const out: Record<string, string> = {};
  const rest = [];
  for (const e of serverErrors(error)) {
    const path = e.code === 'CONFLICT' && (!e.field || e.field === 'name') ? 'name' : fieldPath(fields, e.field);
    if (path) out[path] = out[path] ? `${out[path]}; ${e.message}` : e.message;
    else rest.push(e);
  }
  if (rest.length === 0) return { fields: out };
  const coded = rest.map((e) => (e.code ? codeTitles[e.code] : undefined)).find((t) => t !== undefined);
  return { fields: out, alert: { title: coded ?? title, message: rest.map((e) => e.message).join('; ') } };
}
