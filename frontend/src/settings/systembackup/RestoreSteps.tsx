import { ManualSteps } from '../../backups/ManualSteps';

/** stepNumber matches a number a step was written with, such as "2. ", which the list numbers already. */
const stepNumber = /^\s*\d+[.)]\s+/;

/** unnumbered is a step without the number it may have been written with. */
export function unnumbered(step: string): string {
  return step.replace(stepNumber, '');
}

/** RestoreSteps lists a system task's restore steps as a numbered list, with `commands` as code. */
export function RestoreSteps({ steps, label }: { steps: readonly string[]; label: string }) {
  return <ManualSteps steps={steps.map(unnumbered)} label={label} />;
}
