import { describe, expect, it } from 'vitest';
import { postgresFields, s3Fields } from '../test/configFixtures';
import {
  fieldPath,
  initialConfigValues,
  secretStates,
  secretsInput,
  settingsInput,
  type StoredConfig,
  validateConfig,
} from './fieldValues';

const stored: StoredConfig = {
  name: 'offsite',
  settings: [
    { name: 'bucket', value: 'backups' },
    { name: 'path_style', value: 'true' },
    { name: 'access_key_id', value: 'AKID' },
  ],
  secrets: [{ field: 'secret_access_key', state: 'SET' }],
};

describe('generated form values', () => {
  it('start from the defaults of a new item, with every secret empty', () => {
    const values = initialConfigValues(postgresFields);
    expect(values.settings).toEqual({
      host: '',
      port: '5432',
      username: 'postgres',
      tls_mode: 'prefer',
      tls_ca_cert: '',
      compress: false,
    });
    expect(values.secrets).toEqual({ password: '' });
  });

  it('start from the stored settings of an edited item, never from a secret', () => {
    const values = initialConfigValues(s3Fields, stored);
    expect(values.name).toBe('offsite');
    expect(values.settings).toMatchObject({ bucket: 'backups', prefix: '', path_style: true, endpoint: '' });
    expect(values.secrets).toEqual({ secret_access_key: '' });
    expect(secretStates(stored)).toEqual({ secret_access_key: 'SET' });
  });

  it('send every setting as text, empty ones too, and only the secrets typed or cleared', () => {
    const values = initialConfigValues(postgresFields);
    values.settings.port = 5433;
    values.settings.compress = true;
    values.settings.host = ' db ';
    expect(settingsInput(postgresFields, values)).toContainEqual({ name: 'port', value: '5433' });
    expect(settingsInput(postgresFields, values)).toContainEqual({ name: 'compress', value: 'true' });
    expect(settingsInput(postgresFields, values)).toContainEqual({ name: 'host', value: 'db' });
    expect(settingsInput(postgresFields, values)).toContainEqual({ name: 'tls_ca_cert', value: '' });
    expect(settingsInput(postgresFields, values).map((s) => s.name)).not.toContain('password');
    expect(secretsInput(postgresFields, values)).toEqual([]);

    values.cleared.password = true;
    expect(secretsInput(postgresFields, values)).toEqual([{ name: 'password', value: '' }]);
    values.secrets.password = ' with spaces ';
    expect(secretsInput(postgresFields, values)).toEqual([{ name: 'password', value: ' with spaces ' }]);
  });

  it('require a secret only while none is stored', () => {
    const values = initialConfigValues(s3Fields, stored);
    expect(validateConfig(s3Fields, values, secretStates(stored))).toEqual({});
    values.cleared.secret_access_key = true;
    expect(validateConfig(s3Fields, values, secretStates(stored))).toEqual({
      'secrets.secret_access_key': 'Secret access key is required',
    });
    expect(validateConfig(s3Fields, initialConfigValues(s3Fields), {})).toEqual({
      name: 'Enter a name',
      'settings.bucket': 'Bucket is required',
      'settings.access_key_id': 'Access key ID is required',
      'secrets.secret_access_key': 'Secret access key is required',
    });
  });

  it('find the input of a field the server names', () => {
    expect(fieldPath(s3Fields, 'prefix')).toBe('settings.prefix');
    expect(fieldPath(s3Fields, 'secret_access_key')).toBe('secrets.secret_access_key');
    expect(fieldPath(s3Fields, 'name')).toBe('name');
    expect(fieldPath(s3Fields, 'ssh_host')).toBeUndefined();
    expect(fieldPath(s3Fields, null)).toBeUndefined();
  });
});
