import { Button, Chip, Code, Group, Input, NumberInput, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import type { UseFormReturnType } from '@mantine/form';
import { useMemo, useState } from 'react';
import type { JobCatchUp } from '../gql/graphql';
import {
  describe,
  parseCron,
  type ScheduleMode,
  type ScheduleSpec,
  scheduleModes,
  switchMode,
  toCron,
  weekdayNames,
} from './cron';
import type { JobFormValues } from './jobForm';
import { NextRuns, useSchedulePreview } from './NextRuns';
import { timeZones } from './options';

/** examples are common custom schedules, offered as one-click starting points. */
const examples = [
  { cron: '0 */6 * * *', meaning: 'every 6 hours' },
  { cron: '30 2 * * 1-5', meaning: 'weekdays at 02:30' },
  { cron: '@every 12h', meaning: 'every 12 hours from start' },
];

/** weekdayOrder lists the weekdays Monday first, as most calendars do; cron numbers Sunday 0. */
const weekdayOrder = [1, 2, 3, 4, 5, 6, 0];

const catchUpOptions: ReadonlyArray<{ value: JobCatchUp; label: string }> = [
  { value: 'run_once', label: 'Run once' },
  { value: 'skip', label: 'Skip' },
];

/** zoneOptionsShown caps the zones the dropdown draws at once; typing narrows the 400-odd down. */
const zoneOptionsShown = 50;

const pad = (n: number) => String(n).padStart(2, '0');

/** parseTime reads the HH:MM of a time input, or null while it is incomplete. */
function parseTime(value: string): { hour: number; minute: number } | null {
  const match = /^(\d{1,2}):(\d{2})/.exec(value);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

/**
 * ScheduleFields edit when a job runs: a mode (manual, hourly, daily, weekly, monthly or custom
 * cron) that writes the cron expression, the zone it is read in, what happens to runs missed
 * while the server was down, whether it runs, and the next runs as the server computes them.
 */
export function ScheduleFields({ form }: { form: UseFormReturnType<JobFormValues> }) {
  const [spec, setSpec] = useState<ScheduleSpec>(() => parseCron(form.values.schedule));
  const known = useMemo(timeZones, []);
  // A zone the browser does not list, such as one a job was saved with elsewhere, stays choosable.
  const zone = form.values.timezone;
  const zones = zone && !known.includes(zone) ? [zone, ...known] : known;
  const schedule = form.values.schedule;
  const preview = useSchedulePreview(schedule, zone);

  const update = (next: ScheduleSpec) => {
    setSpec(next);
    form.setFieldValue('schedule', toCron(next) ?? schedule);
    form.clearFieldError('schedule');
  };
  const scheduleError = (form.errors.schedule as string | undefined) ?? preview.errors.schedule;
  const timezoneError = (form.errors.timezone as string | undefined) ?? preview.errors.timezone;
  const time = `${pad(spec.hour)}:${pad(spec.minute)}`;
  const setTime = (value: string) => {
    const parsed = parseTime(value);
    if (parsed) update({ ...spec, ...parsed });
  };

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Schedule"
          description="When the job runs on its own; it can always be started by hand."
          data={scheduleModes}
          value={spec.mode}
          allowDeselect={false}
          onChange={(mode) => mode && update(switchMode(spec, mode as ScheduleMode))}
        />
        {spec.mode === 'hourly' && (
          <NumberInput
            label="Minute"
            description="Minute past each hour, 0–59."
            min={0}
            max={59}
            clampBehavior="strict"
            allowDecimal={false}
            allowNegative={false}
            value={spec.minute}
            onChange={(v) => update({ ...spec, minute: Number(v) || 0 })}
          />
        )}
        {(spec.mode === 'daily' || spec.mode === 'weekly' || spec.mode === 'monthly') && (
          <TimeInput
            label="Time"
            description="Hour and minute, in the time zone below."
            value={time}
            onChange={(e) => setTime(e.currentTarget.value)}
          />
        )}
      </SimpleGrid>
      {spec.mode === 'weekly' && (
        <Input.Wrapper label="Weekdays" description="At least one; the last cannot be unchecked.">
          <Chip.Group
            multiple
            value={spec.weekdays.map(String)}
            onChange={(days) => days.length > 0 && update({ ...spec, weekdays: days.map(Number) })}
          >
            <Group gap={6} mt={4}>
              {weekdayOrder.map((d) => (
                <Chip key={d} value={String(d)} size="sm">
                  {weekdayNames[d]}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Input.Wrapper>
      )}
      {spec.mode === 'monthly' && (
        <NumberInput
          label="Day of month"
          description={spec.day > 28 ? 'Months without this day are skipped.' : 'Day 1–31 of each month.'}
          min={1}
          max={31}
          clampBehavior="strict"
          allowDecimal={false}
          allowNegative={false}
          value={spec.day}
          onChange={(v) => update({ ...spec, day: Number(v) || 1 })}
          maw={200}
        />
      )}
      {spec.mode === 'custom' ? (
        <Stack gap={4}>
          <TextInput
            label="Cron expression"
            description="Five fields (minute hour day month weekday) or a descriptor such as @daily or @every 6h (at least 1m), read in the time zone below."
            placeholder="0 3 * * *"
            spellCheck={false}
            autoComplete="off"
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            value={spec.custom}
            error={scheduleError}
            onChange={(e) => update({ ...spec, custom: e.currentTarget.value })}
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
                onClick={() => update({ ...spec, custom: e.cron })}
              >
                {e.cron}
              </Button>
            ))}
          </Group>
        </Stack>
      ) : (
        spec.mode !== 'manual' && (
          <Input.Wrapper error={scheduleError}>
            <Text size="sm" c="dimmed">
              Runs {describe(spec)} — cron expression <Code data-testid="cron-expression">{schedule}</Code>
            </Text>
          </Input.Wrapper>
        )
      )}
      {spec.mode !== 'manual' && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Time zone"
              description="The schedule is read in this zone, so 03:00 stays 03:00 across daylight saving time."
              data={zones}
              searchable
              limit={zoneOptionsShown}
              allowDeselect={false}
              nothingFoundMessage="No such time zone"
              {...form.getInputProps('timezone')}
              error={timezoneError}
            />
            <Select
              label="Catch up after downtime"
              description="A run missed while the server was down: run it once at start, or skip to the next regular time."
              data={catchUpOptions}
              allowDeselect={false}
              {...form.getInputProps('catchUp')}
              onChange={(v) => v && form.setFieldValue('catchUp', v as JobCatchUp)}
            />
          </SimpleGrid>
          <NextRuns preview={preview} timezone={zone} />
          <Switch
            label="Enabled"
            description="Off pauses the schedule; the job can still be started by hand."
            {...form.getInputProps('enabled', { type: 'checkbox' })}
          />
        </>
      )}
    </Stack>
  );
}
