import { Select, type SelectProps } from '@mantine/core';
import type { ConfigImportPolicy } from '../../gql/graphql';
import { importPolicies, policyDescription } from './importOptions';

const policyOptions = importPolicies.map(({ value, label }) => ({ value, label }));

export interface ImportPolicySelectProps
  extends Omit<SelectProps, 'label' | 'description' | 'data' | 'value' | 'onChange' | 'allowDeselect'> {
  value: ConfigImportPolicy;
  onChange(policy: ConfigImportPolicy): void;
}

/**
 * ImportPolicySelect chooses what an import does with an item whose name already exists here,
 * with the chosen policy explained under it. Both imports use it: of a file and of a stored
 * Config Backup.
 */
export function ImportPolicySelect({ value, onChange, ...rest }: ImportPolicySelectProps) {
  return (
    <Select
      label="Items that already exist"
      description={policyDescription(value)}
      data={policyOptions}
      allowDeselect={false}
      value={value}
      onChange={(next) => next && onChange(next as ConfigImportPolicy)}
      {...rest}
    />
  );
}
