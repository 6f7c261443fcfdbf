import { useCallback, useState } from 'react';
import type { AlertContent } from '../admin/ErrorAlert';
import { alertOf } from '../admin/serverErrors';
import type { Answer } from './ConfigFormModal';

/** RowTest is the connection test of one saved item in a list: running, or what it found. */
export interface RowTest<R> {
  running: boolean;
  result?: R;
  /** alert is why the test could not run at all, such as a missing permission. */
  alert?: AlertContent;
}

/**
 * useRowTests runs connection tests of saved items by id and keeps each one's latest outcome,
 * so a list can show it under the item's row until dismissed.
 */
export function useRowTests<R>(run: (id: string) => Promise<Answer<R>>) {
  const [tests, setTests] = useState<Record<string, RowTest<R>>>({});
  const start = useCallback(
    async (id: string) => {
      setTests((t) => ({ ...t, [id]: { running: true } }));
      const answer = await run(id);
      const test: RowTest<R> = answer.error
        ? { running: false, alert: alertOf(answer.error, 'Could not run the connection test') }
        : { running: false, result: answer.data };
      setTests((t) => ({ ...t, [id]: test }));
    },
    [run],
  );
  const dismiss = useCallback((id: string) => {
    setTests(({ [id]: _, ...rest }) => rest);
  }, []);
  return { tests, start, dismiss };
}
