import {
  ActionIcon,
  Button,
  Group,
  Input,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconArrowDown, IconArrowUp, IconFilter, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { type JobFormValues, newTarget, retentionRules, type TargetValues } from './jobForm';
import type { Option } from './options';
import { RetentionPreviewDialog } from './RetentionPreviewDialog';

export interface TargetsEditorProps {
  form: UseFormReturnType<JobFormValues>;
  destinations: readonly Option[];
  /**
   * saved are the job's stored destinations with their stored retention, which a dry run
   * previews; absent for a new job or a viewer without storage:read.
   */
  saved?: { jobId: string; targets: readonly TargetValues[] };
}

const sameRetention = (a: TargetValues, b: TargetValues) => retentionRules.every(({ key }) => a[key] === b[key]);

/**
 * TargetsEditor edits a job's destinations as an ordered list: backups go to each in turn, and
 * each keeps its own retention. An empty rule is unset, and unset rules keep everything.
 */
export function TargetsEditor({ form, destinations, saved }: TargetsEditorProps) {
  const [previewing, setPreviewing] = useState<TargetValues>();
  const targets = form.values.targets;
  const name = (id: string) => destinations.find((d) => d.value === id)?.label ?? id;
  const unused = destinations.filter((d) => !targets.some((t) => t.destinationId === d.value));
  const move = (from: number, to: number) => form.reorderListItem('targets', { from, to });

  return (
    <Input.Wrapper
      label="Destinations"
      description="Backups are written to each destination in this order. Empty retention rules keep every backup."
      required
      error={form.errors.targets}
    >
      <Stack gap="xs" mt={4}>
        {targets.map((target, i) => {
          const label = name(target.destinationId);
          return (
            <Paper
              key={target.destinationId}
              withBorder
              p="xs"
              role="group"
              aria-label={`Destination ${i + 1}: ${label}`}
            >
              <Group justify="space-between" mb={4}>
                <Text size="sm" fw={500}>
                  {i + 1}. {label}
                </Text>
                <Group gap={2}>
                  {saved?.targets.some((t) => t.destinationId === target.destinationId) && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      leftSection={<IconFilter size={12} />}
                      aria-label={`Preview retention on ${label}`}
                      onClick={() => setPreviewing(target)}
                    >
                      Preview retention
                    </Button>
                  )}
                  <Tooltip label={`Move ${label} up`}>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Move ${label} up`}
                      disabled={i === 0}
                      onClick={() => move(i, i - 1)}
                    >
                      <IconArrowUp size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label={`Move ${label} down`}>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Move ${label} down`}
                      disabled={i === targets.length - 1}
                      onClick={() => move(i, i + 1)}
                    >
                      <IconArrowDown size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label={`Remove ${label}`}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove ${label}`}
                      onClick={() => form.removeListItem('targets', i)}
                    >
                      <IconX size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Group>
              <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
                {retentionRules.map((rule) => (
                  <NumberInput
                    key={rule.key}
                    size="xs"
                    label={rule.label}
                    description={rule.help}
                    aria-label={`${rule.label} of ${label}`}
                    title={rule.help}
                    placeholder="all"
                    min={1}
                    allowDecimal={false}
                    allowNegative={false}
                    {...form.getInputProps(`targets.${i}.${rule.key}`)}
                  />
                ))}
              </SimpleGrid>
            </Paper>
          );
        })}
        <Select
          label="Add a destination"
          placeholder={unused.length > 0 ? 'Choose a destination to add' : 'Every destination is added'}
          data={unused}
          value={null}
          disabled={unused.length === 0}
          onChange={(id) => {
            if (!id) return;
            form.insertListItem('targets', newTarget(id));
            form.clearFieldError('targets');
          }}
        />
      </Stack>
      {previewing && saved && (
        <RetentionPreviewDialog
          jobId={saved.jobId}
          destinationId={previewing.destinationId}
          destinationName={name(previewing.destinationId)}
          unsaved={saved.targets.some(
            (t) => t.destinationId === previewing.destinationId && !sameRetention(t, previewing),
          )}
          onClose={() => setPreviewing(undefined)}
        />
      )}
    </Input.Wrapper>
  );
}
