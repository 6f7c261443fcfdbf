import type { CombinedError } from 'urql';
import { errorMessage, hasErrorCode, sessionRequiredMessage } from '../graphql/errors';

/**
 * actionError is what to tell about a failed change to the viewer's own account. Only
 * SESSION_REQUIRED gets words of its own, since the server's message cannot say what to do in
 * this UI: sign in with the browser rather than use an API key.
 */
export function actionError(error: CombinedError | undefined): string {
  if (!error) return 'The server sent no answer.';
  if (hasErrorCode(error, 'SESSION_REQUIRED')) return sessionRequiredMessage;
  return errorMessage(error);
}
