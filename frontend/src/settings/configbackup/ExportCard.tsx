import { Alert, Button, Group, Paper, PasswordInput, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { type AlertContent, ErrorAlert } from '../../admin/ErrorAlert';
import { formErrors } from '../../admin/serverErrors';
import { ExportConfigDocument } from '../../gql/graphql';
import {
  type ExportFormValues,
  exportInput,
  initialExportValues,
  passphraseMinLength,
  saveFile,
  validateConfirm,
  validatePassphrase,
} from './exportForm';

/**
 * ExportCard downloads the whole configuration as one JSON file: without secrets, or with every
 * secret sealed under a passphrase (which needs vault:reveal), optionally with password hashes.
 */
export function ExportCard({ canReveal }: { canReveal: boolean }) {
  const [alert, setAlert] = useState<AlertContent>();
  const [{ fetching }, exportConfig] = useMutation(ExportConfigDocument);
  const form = useForm<ExportFormValues>({
    initialValues: initialExportValues,
    validate: { passphrase: validatePassphrase, confirm: validateConfirm },
  });
  const withSecrets = form.values.includeSecrets;

  const submit = async (values: ExportFormValues) => {
    setAlert(undefined);
    const result = await exportConfig({ input: exportInput(values) });
    const file = result.data?.exportConfig;
    if (result.error || !file) {
      if (result.error) {
        const errors = formErrors(result.error, {
          fields: ['passphrase', 'includePasswordHashes'],
          title: 'Could not export the configuration',
        });
        form.setErrors(errors.fields);
        setAlert(errors.alert);
      }
      return;
    }
    saveFile(file.fileName, file.content);
    form.setValues({ passphrase: '', confirm: '' });
    notifications.show({
      color: 'green',
      title: 'Configuration exported',
      message: file.includesSecrets
        ? `${file.fileName} is downloading. Its secrets open only with the passphrase you chose.`
        : `${file.fileName} is downloading. It holds no secrets.`,
    });
  };

  return (
    <Paper withBorder p="md" component="section" aria-label="Export">
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack gap="sm">
          <Title order={4}>Export</Title>
          <Text size="sm" c="dimmed">
            Download the whole configuration (sources, destinations, encryption profiles, jobs, notification channels,
            single sign-on, groups, users and settings) as one JSON file, to move it to another instance or keep it
            safe. Stored backups and run history are not part of it.
          </Text>
          <Switch
            label="Include secrets"
            description={
              canReveal
                ? 'Passwords, keys and tokens are sealed with a passphrase. Keep the passphrase: without it the secrets cannot be imported.'
                : 'Exporting secrets needs the vault:reveal permission, which you do not have.'
            }
            disabled={!canReveal}
            {...form.getInputProps('includeSecrets', { type: 'checkbox' })}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              form.setFieldValue('includeSecrets', on);
              if (!on) {
                form.setValues({ passphrase: '', confirm: '', includePasswordHashes: false });
                form.clearErrors();
              }
            }}
          />
          {withSecrets && (
            <>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <PasswordInput
                  label="Passphrase"
                  description={`At least ${passphraseMinLength} characters.`}
                  required
                  autoComplete="new-password"
                  {...form.getInputProps('passphrase')}
                />
                <PasswordInput
                  label="Confirm passphrase"
                  description="The same passphrase again."
                  required
                  autoComplete="new-password"
                  {...form.getInputProps('confirm')}
                />
              </SimpleGrid>
              <Switch
                label="Include password hashes"
                description="Users keep their passwords and second factors on the instance that imports the file. Without them, imported users must be given a new password or sign in through single sign-on."
                {...form.getInputProps('includePasswordHashes', { type: 'checkbox' })}
              />
              <Alert color="blue" icon={<IconInfoCircle />}>
                DBackup does not store the passphrase. Write it down somewhere safe before you export.
              </Alert>
            </>
          )}
          <ErrorAlert error={alert} />
          <Group>
            <Button type="submit" leftSection={<IconDownload size={16} />} loading={fetching}>
              Export
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
