import { useQuery } from 'urql';
import { listLimit, nodes } from '../admin/lists';
import { useViewer } from '../auth/viewer';
import {
  DestinationOptionsDocument,
  type JobRowFragment,
  ProfileOptionsDocument,
  SourceOptionsDocument,
} from '../gql/graphql';

export interface Option {
  value: string;
  label: string;
}

/** withCurrent adds what the job already uses, so a viewer who cannot list the others still sees it. */
function withCurrent(options: Option[], current: ReadonlyArray<{ id: string; name: string }>): Option[] {
  const out = [...options];
  for (const { id, name } of current) if (!out.some((o) => o.value === id)) out.push({ value: id, label: name });
  return out;
}

/**
 * useJobOptions lists what a job's form picks from: sources, destinations and encryption
 * profiles. Each list needs its own read permission; without it, the form offers only what the
 * job already uses.
 */
export function useJobOptions(job?: JobRowFragment) {
  const { can } = useViewer();
  const variables = { first: listLimit };
  const [sources] = useQuery({ query: SourceOptionsDocument, variables, pause: !can('sources:read') });
  const [destinations] = useQuery({ query: DestinationOptionsDocument, variables, pause: !can('destinations:read') });
  const [profiles] = useQuery({ query: ProfileOptionsDocument, variables, pause: !can('vault:read') });
  return {
    sources: withCurrent(
      nodes(sources.data?.sources).map((s) => ({ value: s.id, label: s.name })),
      job ? [job.source] : [],
    ),
    destinations: withCurrent(
      nodes(destinations.data?.destinations).map((d) => ({ value: d.id, label: d.name })),
      job?.targets.map((t) => t.destination) ?? [],
    ),
    profiles: withCurrent(
      nodes(profiles.data?.encryptionProfiles).map((p) => ({ value: p.id, label: `${p.name} (${p.keyID})` })),
      job?.encryptionProfile ? [job.encryptionProfile] : [],
    ),
  };
}

/** timeZones are the IANA zones the browser knows, with UTC first, for the schedule's zone. */
export function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...zones.filter((z) => z !== 'UTC')];
}
