import type { PermissionCatalogQuery } from '../gql/graphql';

export type PermissionInfo = PermissionCatalogQuery['permissions'][number];

/** PermissionArea is the permissions of one area, such as jobs, in the server's order. */
export interface PermissionArea {
  area: string;
  permissions: PermissionInfo[];
}

/** byArea groups the catalog by area, keeping the order in which the server lists them. */
export function byArea(catalog: readonly PermissionInfo[]): PermissionArea[] {
  const areas = new Map<string, PermissionInfo[]>();
  for (const info of catalog) {
    const list = areas.get(info.area);
    if (list) list.push(info);
    else areas.set(info.area, [info]);
  }
  return [...areas].map(([area, permissions]) => ({ area, permissions }));
}

/**
 * toggleArea adds every permission of area to value, or removes them all when value holds them
 * all already. The result keeps the catalog's order, so what is sent does not depend on clicks.
 */
export function toggleArea(
  catalog: readonly PermissionInfo[],
  value: readonly string[],
  area: PermissionArea,
): string[] {
  const names = area.permissions.map((p) => p.name);
  const all = names.every((n) => value.includes(n));
  const next = new Set(value);
  for (const n of names) {
    if (all) next.delete(n);
    else next.add(n);
  }
  return ordered(catalog, next);
}

/** togglePermission adds or removes one permission, keeping the catalog's order. */
export function togglePermission(catalog: readonly PermissionInfo[], value: readonly string[], name: string): string[] {
  const next = new Set(value);
  if (next.has(name)) next.delete(name);
  else next.add(name);
  return ordered(catalog, next);
}

/** ordered lists the names in selected in the catalog's order; unknown names go last. */
function ordered(catalog: readonly PermissionInfo[], selected: ReadonlySet<string>): string[] {
  const known = catalog.map((p) => p.name).filter((n) => selected.has(n));
  const unknown = [...selected].filter((n) => !known.includes(n));
  return [...known, ...unknown];
}
