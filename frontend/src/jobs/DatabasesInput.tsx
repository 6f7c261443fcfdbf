import { Button, Stack, TagsInput, Text } from '@mantine/core';
import { IconDatabaseSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { alertOf } from '../admin/serverErrors';
import { testErrorTitle } from '../forms/TestErrorAlert';
import { SourceDatabasesDocument } from '../gql/graphql';

export interface DatabasesInputProps {
  value: string[];
  onChange(value: string[]): void;
  error?: string;
  /** sourceId is the chosen source, whose databases can be loaded as suggestions. */
  sourceId: string | null;
  /** canLoad is whether the viewer may test sources (sources:write), which loading does. */
  canLoad: boolean;
}

/**
 * DatabasesInput picks the databases a job backs up, as tags; none means every database the
 * source lists when the job runs. The source's current databases can be loaded as suggestions.
 */
export function DatabasesInput({ value, onChange, error, sourceId, canLoad }: DatabasesInputProps) {
  const [{ fetching }, listDatabases] = useMutation(SourceDatabasesDocument);
  const [found, setFound] = useState<{ sourceId: string; names: string[] }>();
  const [note, setNote] = useState<{ text: string; failed: boolean }>();
  const suggestions = found && found.sourceId === sourceId ? found.names : [];

  const load = async () => {
    if (!sourceId) return;
    setNote(undefined);
    const result = await listDatabases({ id: sourceId });
    const test = result.data?.testSource;
    if (result.error || !test) {
      const alert = result.error ? alertOf(result.error, 'Could not load the databases') : undefined;
      setNote({ text: alert ? `${alert.title}: ${alert.message}` : 'No answer', failed: true });
      return;
    }
    if (test.error) {
      setNote({ text: `${testErrorTitle(test.error.code)}: ${test.error.message}`, failed: true });
      return;
    }
    const names = test.databases.map((d) => d.name);
    setFound({ sourceId, names });
    setNote({ text: `The source lists ${names.length} databases; pick them from the suggestions.`, failed: false });
  };

  return (
    <Stack gap={4}>
      <TagsInput
        label="Databases"
        description="Empty = all at run time: every database the source lists when the job runs."
        placeholder={value.length === 0 ? 'All databases' : undefined}
        data={suggestions}
        value={value}
        onChange={onChange}
        error={error}
        clearable
      />
      {canLoad && (
        <Button
          variant="subtle"
          size="compact-xs"
          w="fit-content"
          leftSection={<IconDatabaseSearch size={14} />}
          disabled={!sourceId}
          loading={fetching}
          onClick={load}
        >
          Load from source
        </Button>
      )}
      {note && (
        <Text size="xs" c={note.failed ? 'red' : 'dimmed'} role="status">
          {note.text}
        </Text>
      )}
    </Stack>
  );
}
