import { useQuery } from 'urql';
import { SourceEnginesDocument } from '../gql/graphql';
import type { ConfigKind } from '../forms/ConfigFormModal';

/** useSourceEngines lists the engines a source can use with the fields of their forms, in the server's order. */
export function useSourceEngines(): { engines: ConfigKind[]; fetching: boolean } {
  const [{ data, fetching }] = useQuery({ query: SourceEnginesDocument });
  const engines = (data?.sourceEngines ?? []).map((e) => ({ value: e.engine, label: e.label, fields: e.fields }));
  return { engines, fetching };
}

/** endpoint is where a source is: host and port of a server, or the file of an SQLite database. */
export function endpoint(source: { host?: string | null; port?: number | null; database?: string | null }): string {
  if (source.host) return source.port ? `${source.host}:${source.port}` : source.host;
  return source.database ?? '';
}
