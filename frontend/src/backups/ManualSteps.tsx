import { Code, List } from '@mantine/core';
import { stepParts } from './restoreMethod';

/** ManualSteps lists the server's steps to restore by hand, in order, with `backtick` spans as code. */
export function ManualSteps({ steps, label }: { steps: readonly string[]; label: string }) {
  return (
    <List type="ordered" size="sm" spacing={4} aria-label={label}>
      {steps.map((step, i) => (
        // Steps may repeat, and never reorder, so their position keys them.
        <List.Item key={i}>
          {stepParts(step).map((part, j) =>
            part.code ? (
              <Code key={j}>{part.text}</Code>
            ) : (
              <span key={j}>{part.text}</span>
            ),
          )}
        </List.Item>
      ))}
    </List>
  );
}
