import { describe, expect, it } from 'vitest';
import { job, target } from '../test/configFixtures';
import {
  createJobInput,
  initialJobValues,
  jobFormFields,
  newTarget,
  updateJobInput,
  validateSchedule,
} from './jobForm';

const nightly = job({
  name: 'nightly',
  databases: ['shop'],
  encryptionProfile: { __typename: 'EncryptionProfile', id: 'enc_main', name: 'main' },
  // The server may list targets in any order; position decides.
  targets: [target(1, 'nas', { keepDaily: 7 }), target(0, 'offsite', { keepLast: 3, keepMonthly: 12, keepYearly: 5 })],
});

describe('job form', () => {
  it('creates a job with its destinations in order, each with only the retention rules set', () => {
    const values = initialJobValues(undefined, 'Europe/Berlin');
    values.name = ' nightly ';
    values.sourceId = 'src_main';
    values.targets = [
      { ...newTarget('dst_offsite'), keepLast: 3 },
      newTarget('dst_nas'),
      { ...newTarget('dst_cold'), keepWeekly: 4, keepMonthly: '' },
    ];
    values.schedule = ' 0 3 * * * ';

    expect(createJobInput(values)).toEqual({
      name: 'nightly',
      sourceId: 'src_main',
      targets: [
        { destinationId: 'dst_offsite', retention: { keepLast: 3 } },
        { destinationId: 'dst_nas' },
        { destinationId: 'dst_cold', retention: { keepWeekly: 4 } },
      ],
      compression: 'zstd',
      schedule: '0 3 * * *',
      timezone: 'Europe/Berlin',
      enabled: true,
      catchUp: 'run_once',
    });
  });

  it('starts an edit from the stored job, its destinations by position', () => {
    const values = initialJobValues(nightly);
    expect(values.targets).toEqual([
      {
        destinationId: 'dst_offsite',
        keepLast: 3,
        keepDays: '',
        keepDaily: '',
        keepWeekly: '',
        keepMonthly: 12,
        keepYearly: 5,
      },
      {
        destinationId: 'dst_nas',
        keepLast: '',
        keepDays: '',
        keepDaily: 7,
        keepWeekly: '',
        keepMonthly: '',
        keepYearly: '',
      },
    ]);
    expect(values.catchUp).toBe('run_once');
    expect(updateJobInput(values, initialJobValues(nightly))).toEqual({});
  });

  it('sends the catch-up policy and the new retention rules when they change', () => {
    const initial = initialJobValues(nightly);
    const values = initialJobValues(nightly);
    values.catchUp = 'skip';
    values.targets = [{ ...values.targets[0]!, keepDays: 14 }, values.targets[1]!];

    expect(updateJobInput(values, initial)).toEqual({
      catchUp: 'skip',
      targets: [
        { destinationId: 'dst_offsite', retention: { keepLast: 3, keepDays: 14, keepMonthly: 12, keepYearly: 5 } },
        { destinationId: 'dst_nas', retention: { keepDaily: 7 } },
      ],
    });
  });

  it('sends only what changed, the whole list of destinations when their order changed', () => {
    const initial = initialJobValues(nightly);
    const values = initialJobValues(nightly);
    values.targets = [values.targets[1]!, values.targets[0]!];
    values.databases = [];
    values.enabled = false;

    expect(updateJobInput(values, initial)).toEqual({
      databases: [],
      enabled: false,
      targets: [
        { destinationId: 'dst_nas', retention: { keepDaily: 7 } },
        { destinationId: 'dst_offsite', retention: { keepLast: 3, keepMonthly: 12, keepYearly: 5 } },
      ],
    });
  });

  it('clears a removed encryption profile and an emptied schedule explicitly', () => {
    const initial = initialJobValues(nightly);
    const values = { ...initialJobValues(nightly), encryptionProfileId: null, schedule: '  ' };
    expect(updateJobInput(values, initial)).toEqual({ clearEncryptionProfile: true, schedule: '' });

    const swapped = { ...initialJobValues(nightly), encryptionProfileId: 'enc_other' };
    expect(updateJobInput(swapped, initial)).toEqual({ encryptionProfileId: 'enc_other' });
  });

  it('leaves an empty naming template to the server and sends a set one trimmed', () => {
    const values = { ...initialJobValues(undefined, 'UTC'), name: 'nightly', sourceId: 'src_main' };
    expect(values.nameTemplate).toBe('');
    expect(createJobInput(values)).not.toHaveProperty('nameTemplate');
    expect(createJobInput({ ...values, nameTemplate: '  ' })).not.toHaveProperty('nameTemplate');
    expect(createJobInput({ ...values, nameTemplate: ' {job}/{datetime}_{id} ' }).nameTemplate).toBe(
      '{job}/{datetime}_{id}',
    );
  });

  it('changes the naming template, and restores the default by sending it empty', () => {
    const templated = job({ name: 'nightly', nameTemplate: 'db/{database}/{date}' });
    const initial = initialJobValues(templated);
    expect(initial.nameTemplate).toBe('db/{database}/{date}');
    expect(updateJobInput(initialJobValues(templated), initial)).toEqual({});
    expect(updateJobInput({ ...initial, nameTemplate: ' {job}/{timestamp} ' }, initial)).toEqual({
      nameTemplate: '{job}/{timestamp}',
    });
    expect(updateJobInput({ ...initial, nameTemplate: ' ' }, initial)).toEqual({ nameTemplate: '' });

    // A job on the default (null) keeps it while the field stays empty.
    const plain = initialJobValues(nightly);
    expect(plain.nameTemplate).toBe('');
    expect(updateJobInput({ ...plain, nameTemplate: '  ' }, plain)).toEqual({});
  });

  it('sends a list of channels to notify only when its set of channels changed', () => {
    const channel = (id: string) => ({ __typename: 'NotificationChannel' as const, id });
    const watched = job({ name: 'nightly', notifySuccess: [channel('ntc_a'), channel('ntc_b')] });
    const initial = initialJobValues(watched);
    expect(initial.notifySuccessIds).toEqual(['ntc_a', 'ntc_b']);
    expect(updateJobInput({ ...initial, notifySuccessIds: ['ntc_b', 'ntc_a'] }, initial)).toEqual({});
    expect(updateJobInput({ ...initial, notifySuccessIds: [], notifyPartialIds: ['ntc_a'] }, initial)).toEqual({
      notifySuccessIds: [],
      notifyPartialIds: ['ntc_a'],
    });
  });

  it('puts the server’s naming template errors on its field', () => {
    expect(jobFormFields).toContain('nameTemplate');
  });

  it('catches a schedule that is plainly not cron', () => {
    expect(validateSchedule('')).toBeNull();
    expect(validateSchedule('@daily')).toBeNull();
    expect(validateSchedule('0 3 * * 1-5')).toBeNull();
    expect(validateSchedule('0 3 * *')).toBe('Write five fields: minute hour day month weekday');
  });
});
