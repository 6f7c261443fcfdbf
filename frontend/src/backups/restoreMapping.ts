import type { DatabaseMappingInput } from '../gql/graphql';

/** MappingRow is one database of a backup and the name it is restored under; empty skips it. */
export interface MappingRow {
  from: string;
  to: string;
}

/**
 * engineFamilies groups the engines whose dumps restore into one another: MySQL and MariaDB
 * read each other's logical dumps.
 */
const engineFamilies: readonly (readonly string[])[] = [['mysql', 'mariadb']];

/** compatibleEngines tells whether a backup of engine backup can be restored into a source of engine target. */
export function compatibleEngines(backup: string, target: string): boolean {
  if (backup === target) return true;
  return engineFamilies.some((family) => family.includes(backup) && family.includes(target));
}

/** restoreTargets keeps the sources a backup of engine can be restored into, in their order. */
export function restoreTargets<T extends { engine: string }>(sources: readonly T[], engine: string): T[] {
  return sources.filter((source) => compatibleEngines(engine, source.engine));
}

/** fileEngines are the engines whose source is a single database file, named by its path. */
const fileEngines: readonly string[] = ['sqlite'];

/**
 * restoresIntoFile tells whether a backup of engine always restores into the target source's own
 * configured file (SQLite): the server refuses any other path, so there is no mapping to choose.
 */
export function restoresIntoFile(engine: string): boolean {
  return fileEngines.includes(engine);
}

/**
 * initialMapping restores every database of a backup under its own name. A backup of a
 * single-file engine (SQLite) has no mapping: it goes into the target source's file.
 */
export function initialMapping(databases: readonly string[] | null | undefined, engine?: string): MappingRow[] {
  if (engine && restoresIntoFile(engine)) return [];
  return (databases ?? []).map((name) => ({ from: name, to: name }));
}

/** restored are the rows that restore a database, with the target name trimmed. */
export function restored(rows: readonly MappingRow[]): MappingRow[] {
  return rows.map((row) => ({ from: row.from, to: row.to.trim() })).filter((row) => row.to !== '');
}

/**
 * mappingErrors checks a mapping: something must be restored, and no two databases may go into
 * the same target. It returns an error per row index, and one for the whole table under -1.
 */
export function mappingErrors(rows: readonly MappingRow[]): Record<number, string> {
  const errors: Record<number, string> = {};
  if (rows.length > 0 && restored(rows).length === 0) {
    errors[-1] = 'Choose at least one database to restore: every target name is empty.';
  }
  const firstUse = new Map<string, number>();
  rows.forEach((row, i) => {
    const to = row.to.trim();
    if (!to) return;
    const earlier = firstUse.get(to);
    if (earlier === undefined) firstUse.set(to, i);
    else errors[i] = `${rows[earlier]?.from} is already restored into ${to}`;
  });
  return errors;
}

/**
 * mappingInput is the databaseMapping restoreBackup takes: every database of the backup with its
 * target, an empty one for those skipped. A backup that lists no databases sends none, so the
 * server restores it whole, and so does a SQLite backup, which the server restores into the target
 * source's own file.
 */
export function mappingInput(rows: readonly MappingRow[], engine?: string): DatabaseMappingInput[] | null {
  if (rows.length === 0 || (engine && restoresIntoFile(engine))) return null;
  return rows.map((row) => ({ from: row.from, to: row.to.trim() }));
}
