import { Checkbox, Fieldset, Input, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useQuery } from 'urql';
import { PermissionCatalogDocument } from '../gql/graphql';
import { ErrorAlert } from './ErrorAlert';
import { byArea, type PermissionInfo, toggleArea, togglePermission } from './permissionAreas';
import { alertOf } from './serverErrors';

export interface PermissionPickerProps {
  label: string;
  description?: ReactNode;
  value?: string[];
  onChange(value: string[]): void;
  error?: ReactNode;
  /** limitTo offers only these permissions, such as an API key's owner's own. */
  limitTo?: readonly string[];
  /** locked shows every permission granted and unchangeable, as the built-in Admins group holds them. */
  locked?: boolean;
}

/**
 * PermissionPicker chooses permissions with one checkbox each, grouped by area, and a checkbox
 * per area that selects or clears the whole area. The permissions come from the server.
 */
export function PermissionPicker({
  label,
  description,
  value = [],
  onChange,
  error,
  limitTo,
  locked,
}: PermissionPickerProps) {
  const [{ data, fetching, error: loadError }] = useQuery({ query: PermissionCatalogDocument });
  const catalog: readonly PermissionInfo[] = (data?.permissions ?? []).filter(
    (p) => !limitTo || limitTo.includes(p.name),
  );
  const selected = locked ? catalog.map((p) => p.name) : value;

  return (
    <Input.Wrapper label={label} labelElement="div" description={description} error={error}>
      <Stack gap="xs" mt={4}>
        {fetching && <Loader size="sm" aria-label="Loading the permissions" />}
        <ErrorAlert error={loadError && alertOf(loadError, 'Could not load the permissions')} />
        {!fetching && data && catalog.length === 0 && (
          <Text size="sm" c="dimmed">
            No permissions to choose from.
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          {byArea(catalog).map((area) => {
            const count = area.permissions.filter((p) => selected.includes(p.name)).length;
            return (
              <Fieldset key={area.area} legend={area.area} p="xs">
                <Stack gap={6}>
                  <Checkbox
                    label={`All of ${area.area}`}
                    fw={500}
                    checked={count === area.permissions.length}
                    indeterminate={count > 0 && count < area.permissions.length}
                    disabled={locked}
                    onChange={() => onChange(toggleArea(catalog, value, area))}
                  />
                  {area.permissions.map((p) => (
                    <Checkbox
                      key={p.name}
                      ml="md"
                      label={p.name}
                      description={p.description}
                      checked={selected.includes(p.name)}
                      disabled={locked}
                      onChange={() => onChange(togglePermission(catalog, value, p.name))}
                    />
                  ))}
                </Stack>
              </Fieldset>
            );
          })}
        </SimpleGrid>
      </Stack>
    </Input.Wrapper>
  );
}
