import type { CombinedError } from 'urql';
import type { ProfileRowFragment } from '../gql/graphql';

/** RetainedCount is how many backups on one destination a profile's key opens. */
export interface RetainedCount {
  destinationId?: string;
  destinationName: string;
  count: number;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** retainedSummary says how many backups a profile's key opens, and where: "4 backups on 2 destinations". */
export function retainedSummary(counts: readonly RetainedCount[]): string {
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  if (total === 0) return 'No backups';
  return `${plural(total, 'backup', 'backups')} on ${plural(counts.length, 'destination', 'destinations')}`;
}

/** retainedOfProfile are a profile's retained backups as counts per destination. */
export function retainedOfProfile(profile: Pick<ProfileRowFragment, 'retainedBackups'>): RetainedCount[] {
  return profile.retainedBackups.map((r) => ({
    destinationId: r.destination?.id,
    destinationName: r.destinationName,
    count: r.count,
  }));
}

/**
 * retainedBackupsRefusal reads a delete refused with RETAINED_BACKUPS: the counts per destination
 * from extensions.retainedBackups ({destinationId, destinationName, count}), or undefined for any
 * other error.
 */
export function retainedBackupsRefusal(error: CombinedError | undefined): RetainedCount[] | undefined {
  const refusal = error?.graphQLErrors.find((e) => e.extensions?.code === 'RETAINED_BACKUPS');
  if (!refusal) return undefined;
  const list = refusal.extensions.retainedBackups;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { destinationId, destinationName, count } = item as Record<string, unknown>;
    if (typeof count !== 'number') return [];
    return [
      {
        destinationId: typeof destinationId === 'string' ? destinationId : undefined,
        destinationName:
          typeof destinationName === 'string' ? destinationName : String(destinationId ?? 'unknown destination'),
        count,
      },
    ];
  });
}
