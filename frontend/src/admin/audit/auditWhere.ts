import dayjs from 'dayjs';
import type { AuditEntryWhereInput } from '../../gql/graphql';

/** AuditFilterValues are the audit page's filters as typed; empty ones do not filter. */
export interface AuditFilterValues {
  /** actor matches part of the actor's name, in any case. */
  actor: string;
  /** action matches actions that start with it, so "user." finds every user action. */
  action: string;
  /** entityType matches the entity type in any case, such as Source. */
  entityType: string;
  /** entityID matches one entity's id exactly. */
  entityID: string;
  /** from and to bound the time, both included, as the date picker's local "YYYY-MM-DD HH:mm:ss". */
  from: string | null;
  to: string | null;
}

export const noAuditFilters: AuditFilterValues = {
  actor: '',
  action: '',
  entityType: '',
  entityID: '',
  from: null,
  to: null,
};

/** instant turns the date picker's local date and time into an instant the server understands. */
export function instant(local: string): string {
  return dayjs(local).toDate().toISOString();
}

/** auditWhere is the AuditEntryWhereInput for the filters; every set filter must match. */
export function auditWhere(filters: AuditFilterValues): AuditEntryWhereInput {
  const where: AuditEntryWhereInput = {};
  const actor = filters.actor.trim();
  const action = filters.action.trim();
  const entityType = filters.entityType.trim();
  const entityID = filters.entityID.trim();
  if (actor) where.actorContainsFold = actor;
  if (action) where.actionHasPrefix = action;
  if (entityType) where.entityTypeEqualFold = entityType;
  if (entityID) where.entityID = entityID;
  if (filters.from) where.timeGTE = instant(filters.from);
  if (filters.to) where.timeLTE = instant(filters.to);
  return where;
}

/** validateRange refuses a range that ends before it starts. */
export function validateRange(to: string | null, values: AuditFilterValues): string | null {
  if (!to || !values.from) return null;
  return dayjs(to).isBefore(dayjs(values.from)) ? 'The end is before the start' : null;
}
