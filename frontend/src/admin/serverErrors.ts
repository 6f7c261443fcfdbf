import type { CombinedError } from 'urql';
import { errorMessage } from '../graphql/errors';

/** ServerError is one GraphQL error with the extensions the administration pages act on. */
export interface ServerError {
  message: string;
  /** code is extensions.code, such as CONFLICT or LAST_ADMIN. */
  code?: string;
  /** field is extensions.field: the input field the error is about. */
  field?: string;
  /** permission is extensions.permission of a FORBIDDEN error. */
  permission?: string;
}

/** FormErrors splits what the server said into messages for a form's fields and an alert for the rest. */
export interface FormErrors {
  fields: Record<string, string>;
  /** alert is every message no field of the form shows, or undefined when there is none. */
  alert?: { title: string; message: string };
}

/** codeTitles name the failure of each code that the pages show as an alert. */
const codeTitles: Readonly<Record<string, string>> = {
  FORBIDDEN: 'Not allowed',
  LAST_ADMIN: 'Admins would be left without an enabled member',
  BUILTIN_GROUP: 'The Admins group cannot be changed this way',
  SCOPE_EXCEEDS_OWNER: 'A scope exceeds your own permissions',
  CONFLICT: 'The name is taken',
};

function extension(error: { extensions?: Record<string, unknown> }, name: string): string | undefined {
  const value = error.extensions?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** serverErrors lists the GraphQL errors of error, or its network error as one without a code. */
export function serverErrors(error: CombinedError): ServerError[] {
  if (error.graphQLErrors.length === 0) return [{ message: errorMessage(error) }];
  return error.graphQLErrors.map((e) => ({
    message: e.message,
    code: extension(e, 'code'),
    field: extension(e, 'field'),
    permission: extension(e, 'permission'),
  }));
}

export interface FormErrorOptions {
  /** fields are the inputs the form shows, by the names the server uses in extensions.field. */
  fields: readonly string[];
  /** conflictField shows a CONFLICT (a name that is taken) next to this field. */
  conflictField?: string;
  /** scopeField shows SCOPE_EXCEEDS_OWNER next to this field. */
  scopeField?: string;
  /** title heads the alert when no error has a code with a title of its own. */
  title: string;
}

/**
 * formErrors puts each error next to the form field it names (extensions.field, or the field a
 * code is about) and collects the others into one alert.
 */
export function formErrors(error: CombinedError, options: FormErrorOptions): FormErrors {
  const fields: Record<string, string> = {};
  const rest: ServerError[] = [];
  for (const e of serverErrors(error)) {
    let field = e.field;
    if (!field && e.code === 'CONFLICT') field = options.conflictField;
    if (!field && e.code === 'SCOPE_EXCEEDS_OWNER') field = options.scopeField;
    if (field && options.fields.includes(field))
      fields[field] = fields[field] ? `${fields[field]}; ${e.message}` : e.message;
    else rest.push(e);
  }
  if (rest.length === 0) return { fields };
  const title = rest.map((e) => (e.code ? codeTitles[e.code] : undefined)).find((t) => t !== undefined);
  return {
    fields,
    alert: {
      title: title ?? options.title,
      message: rest.map((e) => e.message).join('; '),
    },
  };
}

/** alertOf is formErrors for an action without a form: every error goes into the alert. */
export function alertOf(error: CombinedError, title: string): { title: string; message: string } {
  return formErrors(error, { fields: [], title }).alert ?? { title, message: errorMessage(error) };
}
