import { fireEvent, screen, type within } from '@testing-library/react';

export type Scope = ReturnType<typeof within>;

/** type sets the value of the input labelled label, as typing would. */
export function type(scope: Scope, label: string | RegExp, value: string) {
  fireEvent.change(scope.getByLabelText(label), { target: { value } });
}

/**
 * pick chooses option in the select labelled label. jsdom lays nothing out, so Floating UI
 * takes the input for detached and Mantine hides the dropdown: its options count as hidden.
 */
export async function pick(scope: Scope, label: string | RegExp, option: string) {
  fireEvent.click(scope.getByRole('combobox', { name: label }));
  fireEvent.click(await screen.findByRole('option', { name: option, hidden: true }));
}

/** cells are the rows of the table named name, after its header, as the text of each cell. */
export function cells(name: string): string[][] {
  const table = screen.getByRole('table', { name });
  return [...table.querySelectorAll('tbody tr')].map((row) =>
    [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? ''),
  );
}
