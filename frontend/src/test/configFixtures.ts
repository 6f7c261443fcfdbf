import type {
  DestinationRowFragment,
  FieldSpecFieldsFragment,
  JobRowFragment,
  ProfileRowFragment,
  SecretState,
  SourceRowFragment,
} from '../gql/graphql';

/** spec is a field spec as the server describes it, with overrides. */
export function spec(
  overrides: Partial<FieldSpecFieldsFragment> & Pick<FieldSpecFieldsFragment, 'name' | 'type'>,
): FieldSpecFieldsFragment {
  return {
    __typename: 'FieldSpec',
    label: overrides.name,
    help: '',
    required: false,
    default: null,
    options: [],
    ...overrides,
  };
}

/** postgresFields have one field of every type, as a generated form must draw them. */
export const postgresFields = [
  spec({ name: 'host', label: 'Host', type: 'STRING', required: true, help: 'Host name or IP address.' }),
  spec({ name: 'port', label: 'Port', type: 'INT', default: '5432', help: 'TCP port.' }),
  spec({ name: 'username', label: 'Username', type: 'STRING', required: true, default: 'postgres' }),
  spec({ name: 'password', label: 'Password', type: 'SECRET', help: 'Stored encrypted.' }),
  spec({
    name: 'tls_mode',
    label: 'TLS',
    type: 'ENUM',
    default: 'prefer',
    options: ['disable', 'prefer', 'require'],
  }),
  spec({ name: 'tls_ca_cert', label: 'CA certificate', type: 'TEXT' }),
  spec({ name: 'compress', label: 'Compress traffic', type: 'BOOL', default: 'false' }),
];

export const sqliteFields = [spec({ name: 'database', label: 'Database file', type: 'PATH', required: true })];

export const sourceEngines = {
  sourceEngines: [
    {
      __typename: 'SourceEngineSpec',
      engine: 'postgres',
      label: 'PostgreSQL',
      defaultPort: 5432,
      fields: postgresFields,
    },
    { __typename: 'SourceEngineSpec', engine: 'sqlite', label: 'SQLite', defaultPort: 0, fields: sqliteFields },
  ],
};

export const s3Fields = [
  spec({ name: 'endpoint', label: 'Endpoint', type: 'STRING' }),
  spec({ name: 'bucket', label: 'Bucket', type: 'STRING', required: true }),
  spec({ name: 'prefix', label: 'Prefix', type: 'STRING' }),
  spec({ name: 'path_style', label: 'Path-style addressing', type: 'BOOL', default: 'false' }),
  spec({ name: 'access_key_id', label: 'Access key ID', type: 'STRING', required: true }),
  spec({ name: 'secret_access_key', label: 'Secret access key', type: 'SECRET', required: true }),
];

export const sftpFields = [
  spec({ name: 'host', label: 'Host', type: 'STRING', required: true }),
  spec({ name: 'path', label: 'Folder', type: 'STRING', required: true }),
  spec({ name: 'trust_on_first_use', label: 'Trust the host key on first use', type: 'BOOL', default: 'false' }),
  spec({ name: 'password', label: 'Password', type: 'SECRET' }),
];

export const destinationKinds = {
  destinationKinds: [
    { __typename: 'DestinationKindSpec', kind: 's3', label: 'S3-compatible bucket', fields: s3Fields },
    { __typename: 'DestinationKindSpec', kind: 'sftp', label: 'SFTP server', fields: sftpFields },
  ],
};

function secrets(states: Record<string, SecretState>) {
  return Object.entries(states).map(([field, state]) => ({ __typename: 'SecretStatus' as const, field, state }));
}

function settings(values: Record<string, string>) {
  return Object.entries(values).map(([name, value]) => ({ __typename: 'SettingValue' as const, name, value }));
}

export function source(
  name: string,
  values: Record<string, string>,
  states: Record<string, SecretState> = {},
  engine: SourceRowFragment['engine'] = 'postgres',
): SourceRowFragment {
  return {
    __typename: 'Source',
    id: `src_${name}`,
    name,
    engine,
    host: values.host ?? null,
    port: values.port ? Number(values.port) : null,
    database: values.database ?? null,
    settings: settings(values),
    secrets: secrets(states),
  };
}

export function destination(
  name: string,
  kind: DestinationRowFragment['kind'],
  values: Record<string, string>,
  states: Record<string, SecretState> = {},
): DestinationRowFragment {
  return {
    __typename: 'Destination',
    id: `dst_${name}`,
    name,
    kind,
    settings: settings(values),
    secrets: secrets(states),
  };
}

export function profile(
  name: string,
  keyID: string,
  description: string | null = null,
  retainedBackups: ProfileRowFragment['retainedBackups'] = [],
): ProfileRowFragment {
  return { __typename: 'EncryptionProfile', id: `enc_${name}`, name, description, keyID, retainedBackups };
}

export function job(overrides: Partial<JobRowFragment> & { name: string }): JobRowFragment {
  return {
    __typename: 'Job',
    id: `job_${overrides.name}`,
    databases: null,
    compression: 'zstd',
    schedule: '0 3 * * *',
    timezone: 'Europe/Berlin',
    enabled: true,
    nextRunAt: '2026-03-02T02:00:00Z',
    catchUp: 'run_once',
    nameTemplate: null,
    source: { __typename: 'Source', id: 'src_main', name: 'main' },
    encryptionProfile: null,
    targets: [],
    notifySuccess: [],
    notifyPartial: [],
    notifyFailure: [],
    ...overrides,
  };
}

/** target is a job's destination at position with retention rules. */
export function target(
  position: number,
  name: string,
  retention: Partial<JobRowFragment['targets'][number]['retention']> = {},
) {
  return {
    __typename: 'JobTarget' as const,
    position,
    destination: { __typename: 'Destination' as const, id: `dst_${name}`, name },
    retention: {
      __typename: 'Retention' as const,
      keepLast: null,
      keepDays: null,
      keepDaily: null,
      keepWeekly: null,
      keepMonthly: null,
      keepYearly: null,
      ...retention,
    },
  };
}
