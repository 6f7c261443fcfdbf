import type { CombinedError } from 'urql';

/**
 * errorMessage is what the server said went wrong, without urql's "[GraphQL]" prefix: the
 * GraphQL errors' messages, or the network error's when the request did not get through.
 */
export function errorMessage(error: CombinedError): string {
  const messages = error.graphQLErrors.map((e) => e.message).filter((m) => m !== '');
  if (messages.length > 0) return messages.join('; ');
  return error.networkError?.message ?? error.message;
}
