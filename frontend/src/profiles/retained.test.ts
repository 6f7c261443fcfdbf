import { GraphQLError } from 'graphql';
import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';
import { retainedBackupsRefusal, retainedSummary } from './retained';

const refused = (extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('the key opens retained backups', { extensions })] });

describe('retainedSummary', () => {
  it.each([
    ['none', [], 'No backups'],
    ['one', [{ destinationName: 'nas', count: 1 }], '1 backup on 1 destination'],
    [
      'several',
      [
        { destinationName: 'nas', count: 3 },
        { destinationName: 's3', count: 1 },
      ],
      '4 backups on 2 destinations',
    ],
  ])('counts %s', (_, counts, text) => {
    expect(retainedSummary(counts)).toBe(text);
  });
});

describe('retainedBackupsRefusal', () => {
  it('reads the counts per destination of a RETAINED_BACKUPS refusal', () => {
    const error = refused({
      code: 'RETAINED_BACKUPS',
      retainedBackups: [
        { destinationId: 'dst_nas', destinationName: 'nas', count: 3 },
        { destinationId: 'dst_s3', destinationName: 's3', count: 1 },
        { destinationName: 'broken' },
      ],
    });
    expect(retainedBackupsRefusal(error)).toEqual([
      { destinationId: 'dst_nas', destinationName: 'nas', count: 3 },
      { destinationId: 'dst_s3', destinationName: 's3', count: 1 },
    ]);
  });

  it('is undefined for another error, such as IN_USE', () => {
    expect(retainedBackupsRefusal(refused({ code: 'IN_USE', users: ['nightly'] }))).toBeUndefined();
    expect(retainedBackupsRefusal(undefined)).toBeUndefined();
  });
});
