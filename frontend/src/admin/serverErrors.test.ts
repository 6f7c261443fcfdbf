import { GraphQLError } from 'graphql';
import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';
import { alertOf, formErrors } from './serverErrors';

function errors(...list: Array<[string, Record<string, unknown>]>) {
  return new CombinedError({
    graphQLErrors: list.map(([message, extensions]) => new GraphQLError(message, { extensions })),
  });
}

const options = { fields: ['username', 'email'], conflictField: 'username', title: 'Could not save' };

describe('formErrors', () => {
  it('puts an error next to the field extensions.field names', () => {
    expect(formErrors(errors(['not an address', { code: 'INVALID_INPUT', field: 'email' }]), options)).toEqual({
      fields: { email: 'not an address' },
    });
  });

  it('puts a taken name next to the name field', () => {
    expect(formErrors(errors(['carol is taken', { code: 'CONFLICT' }]), options)).toEqual({
      fields: { username: 'carol is taken' },
    });
  });

  it('shows errors without a field of the form in an alert titled by their code', () => {
    const result = formErrors(
      errors(['bad', { code: 'INVALID_INPUT', field: 'nickname' }], ['last admin', { code: 'LAST_ADMIN' }]),
      options,
    );
    expect(result).toEqual({
      fields: {},
      alert: { title: 'Admins would be left without an enabled member', message: 'bad; last admin' },
    });
  });

  it('titles an alert without a known code by what failed', () => {
    expect(formErrors(errors(['gone', { code: 'NOT_FOUND' }]), options).alert).toEqual({
      title: 'Could not save',
      message: 'gone',
    });
  });

  it('shows a network error as an alert', () => {
    const network = new CombinedError({ networkError: new Error('Failed to fetch') });
    expect(alertOf(network, 'Could not delete bob')).toEqual({
      title: 'Could not delete bob',
      message: 'Failed to fetch',
    });
  });
});
