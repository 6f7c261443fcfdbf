import type { FieldSpec } from '../forms/fieldValues';
import type { FieldType, NotificationFieldSpecFieldsFragment } from '../gql/graphql';

export type NotificationFieldSpec = NotificationFieldSpecFieldsFragment;

/** formTypes are the shared form's types of the notification field types it knows by another name. */
const formTypes: Readonly<Record<string, FieldType>> = { INT: 'INT', BOOL: 'BOOL', ENUM: 'ENUM', TEXT: 'TEXT' };

/**
 * formSpec is a channel field as the shared generated-form helpers see it: every secret (a
 * multi-line one such as webhook headers too) is SECRET, and URL, EMAIL and EMAILS are text.
 */
export function formSpec(field: NotificationFieldSpec): FieldSpec {
  const type: FieldType = field.secret || field.type === 'SECRET' ? 'SECRET' : (formTypes[field.type] ?? 'STRING');
  return {
    name: field.name,
    label: field.label,
    help: field.help,
    type,
    required: field.required,
    default: field.default,
    options: field.options,
  };
}
