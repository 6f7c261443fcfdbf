import { Button, Group, Loader, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { AuditSettingsDocument, UpdateAuditSettingsDocument } from '../../gql/graphql';
import { type AlertContent, ErrorAlert } from '../ErrorAlert';
import { alertOf, formErrors } from '../serverErrors';

/** maxRetentionDays is the server's limit: ten years. */
const maxRetentionDays = 3650;

/** RetentionCard shows how long audit entries are kept and lets a viewer with settings:write change it. */
export function RetentionCard({ canWrite }: { canWrite: boolean }) {
  const [{ data, fetching, error }] = useQuery({ query: AuditSettingsDocument });
  return (
    <Paper withBorder p="md" component="section" aria-label="Retention">
      <Stack gap="xs">
        <Title order={4}>Retention</Title>
        {fetching && !data && <Loader size="sm" aria-label="Loading the audit settings" />}
        <ErrorAlert error={error && alertOf(error, 'Could not load the audit settings')} />
        {data && <RetentionForm days={data.auditSettings.retentionDays} canWrite={canWrite} />}
      </Stack>
    </Paper>
  );
}

function RetentionForm({ days, canWrite }: { days: number; canWrite: boolean }) {
  const [alert, setAlert] = useState<AlertContent>();
  const [{ fetching }, update] = useMutation(UpdateAuditSettingsDocument);
  const form = useForm<{ retentionDays: number | string }>({
    initialValues: { retentionDays: days },
    validate: {
      retentionDays: (v) =>
        typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= maxRetentionDays
          ? null
          : `Use a whole number from 0 to ${maxRetentionDays}`,
    },
  });

  const submit = async ({ retentionDays }: { retentionDays: number | string }) => {
    setAlert(undefined);
    const result = await update({ input: { retentionDays: Number(retentionDays) } });
    if (result.error) {
      const errors = formErrors(result.error, { fields: ['retentionDays'], title: 'Could not save the retention' });
      form.setErrors(errors.fields);
      setAlert(errors.alert);
      return;
    }
    const saved = result.data?.updateAuditSettings.retentionDays ?? Number(retentionDays);
    form.setInitialValues({ retentionDays: saved });
    form.setValues({ retentionDays: saved });
    notifications.show({
      color: 'green',
      title: 'Retention saved',
      message: saved === 0 ? 'Audit entries are kept forever.' : `Audit entries are kept for ${saved} days.`,
    });
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="xs">
        <NumberInput
          label="Keep entries for (days)"
          description="Older entries are deleted hourly; 0 keeps them forever."
          min={0}
          max={maxRetentionDays}
          allowDecimal={false}
          allowNegative={false}
          readOnly={!canWrite}
          maw={240}
          {...form.getInputProps('retentionDays')}
        />
        {canWrite ? (
          <Group>
            <Button type="submit" loading={fetching} disabled={!form.isDirty()}>
              Save retention
            </Button>
          </Group>
        ) : (
          <Text size="xs" c="dimmed">
            Changing it needs the settings:write permission.
          </Text>
        )}
        <ErrorAlert error={alert} />
      </Stack>
    </form>
  );
}
