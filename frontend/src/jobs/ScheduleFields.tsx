import { Button, Group, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useMemo } from 'react';
import type { JobFormValues } from './jobForm';
import { timeZones } from './options';

/** examples are common schedules, offered as one-click starting points. */
const examples = [
  { cron: '0 3 * * *', meaning: 'every day at 03:00' },
  { cron: '0 */6 * * *', meaning: 'every 6 hours' },
  { cron: '30 2 * * 0', meaning: 'Sundays at 02:30' },
  { cron: '0 1 1 * *', meaning: 'the 1st of each month at 01:00' },
];

/** zoneOptionsShown caps the zones the dropdown draws at once; typing narrows the 400-odd down. */
const zoneOptionsShown = 50;

/** ScheduleFields edit when a job runs: a cron expression, the time zone it is read in, and whether it runs. */
export function ScheduleFields({ form }: { form: UseFormReturnType<JobFormValues> }) {
  const known = useMemo(timeZones, []);
  // A zone the browser does not list, such as one a job was saved with elsewhere, stays choosable.
  const zone = form.values.timezone;
  const zones = zone && !known.includes(zone) ? [zone, ...known] : known;
  return (
    <Stack gap="sm">
      <Stack gap={4}>
        <TextInput
          label="Schedule"
          description="A cron expression: minute hour day month weekday, read in the time zone below. Empty runs the job only when started by hand."
          placeholder="0 3 * * *"
          spellCheck={false}
          styles={{ input: { fontFamily: 'monospace' } }}
          {...form.getInputProps('schedule')}
        />
        <Group gap={4}>
          <Text size="xs" c="dimmed">
            Examples:
          </Text>
          {examples.map((e) => (
            <Button
              key={e.cron}
              size="compact-xs"
              variant="light"
              title={e.meaning}
              aria-label={`Schedule ${e.meaning}`}
              onClick={() => form.setFieldValue('schedule', e.cron)}
            >
              {e.cron}
            </Button>
          ))}
        </Group>
      </Stack>
      <Select
        label="Time zone"
        description="The IANA zone the schedule is read in, so 03:00 stays 03:00 across daylight saving time."
        data={zones}
        searchable
        limit={zoneOptionsShown}
        allowDeselect={false}
        nothingFoundMessage="No such time zone"
        {...form.getInputProps('timezone')}
      />
      <Switch
        label="Enabled"
        description="Off pauses the schedule; the job can still be started by hand."
        {...form.getInputProps('enabled', { type: 'checkbox' })}
      />
    </Stack>
  );
}
