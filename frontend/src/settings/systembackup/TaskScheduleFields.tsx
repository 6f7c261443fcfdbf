import { Chip, Code, Group, Input, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useMemo, useState } from 'react';
import { usePermissions } from '../../admin/usePermissions';
import {
  defaultSpec,
  describe,
  parseCron,
  type ScheduleMode,
  type ScheduleSpec,
  scheduleModes,
  switchMode,
  toCron,
  weekdayNames,
} from '../../jobs/cron';
import { NextRuns, useSchedulePreview } from '../../jobs/NextRuns';
import { timeZones } from '../../jobs/options';

/**
 * taskModes are the jobs' schedule modes but Manual only: a system task that should not run on
 * its own is switched off instead, and keeps its schedule for when it is switched on again.
 */
const taskModes = scheduleModes.filter((m) => m.value !== 'manual');

/** zoneOptionsShown caps the zones the dropdown draws at once; typing narrows the 400-odd down. */
const zoneOptionsShown = 50;

/** taskSpec reads a stored schedule into the picker; an empty one starts as every day at 03:00. */
export function taskSpec(schedule: string): ScheduleSpec {
  const spec = parseCron(schedule);
  return spec.mode === 'manual' ? { ...defaultSpec, mode: 'daily' } : spec;
}

/** weekdayOrder lists the weekdays Monday first, as most calendars do; cron numbers Sunday 0. */
const weekdayOrder = [1, 2, 3, 4, 5, 6, 0];

const pad = (n: number) => String(n).padStart(2, '0');

export interface TaskScheduleFieldsProps {
  schedule: string;
  timezone: string;
  onScheduleChange(schedule: string): void;
  onTimezoneChange(timezone: string): void;
  /** errors are the form's own or the server's objections to the two fields. */
  errors: { schedule?: string; timezone?: string };
  disabled?: boolean;
}

/**
 * TaskScheduleFields pick when a system task runs, with the jobs' schedule model (cron.ts) and
 * their preview of the next runs, without what only jobs have (catch-up, manual mode).
 */
export function TaskScheduleFields(props: TaskScheduleFieldsProps) {
  const { schedule, timezone, onScheduleChange, onTimezoneChange, errors, disabled } = props;
  const [spec, setSpec] = useState<ScheduleSpec>(() => taskSpec(schedule));
  const known = useMemo(timeZones, []);
  const zones = timezone && !known.includes(timezone) ? [timezone, ...known] : known;
  // The server's preview needs jobs:read; without it the saved task's next run is all there is.
  const canPreview = usePermissions().can('jobs:read');
  const preview = useSchedulePreview(canPreview ? schedule : '', timezone);

  const update = (next: ScheduleSpec) => {
    setSpec(next);
    onScheduleChange(toCron(next) ?? schedule);
  };
  const setTime = (value: string) => {
    const match = /^(\d{1,2}):(\d{2})/.exec(value);
    if (!match) return;
    const hour = Number(match[1]);
    const minute = Number(match[2]);
    if (hour <= 23 && minute <= 59) update({ ...spec, hour, minute });
  };
  const scheduleError = errors.schedule ?? preview.errors.schedule;

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Schedule"
          description="How often the backup runs on its own while enabled."
          data={taskModes}
          value={spec.mode}
          allowDeselect={false}
          disabled={disabled}
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
            disabled={disabled}
            value={spec.minute}
            onChange={(v) => update({ ...spec, minute: Number(v) || 0 })}
          />
        )}
        {(spec.mode === 'daily' || spec.mode === 'weekly' || spec.mode === 'monthly') && (
          <TimeInput
            label="Time"
            description="Hour and minute, in the time zone below."
            disabled={disabled}
            value={`${pad(spec.hour)}:${pad(spec.minute)}`}
            onChange={(e) => setTime(e.currentTarget.value)}
          />
        )}
        {spec.mode === 'custom' && (
          <TextInput
            label="Cron expression"
            description="Five fields (minute hour day month weekday) or a descriptor such as @daily or @every 6h."
            placeholder="0 3 * * *"
            spellCheck={false}
            autoComplete="off"
            disabled={disabled}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            value={spec.custom}
            error={scheduleError}
            onChange={(e) => update({ ...spec, custom: e.currentTarget.value })}
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
                <Chip key={d} value={String(d)} size="sm" disabled={disabled}>
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
          disabled={disabled}
          value={spec.day}
          onChange={(v) => update({ ...spec, day: Number(v) || 1 })}
          maw={240}
        />
      )}
      {spec.mode !== 'custom' && (
        <Input.Wrapper error={scheduleError}>
          <Text size="sm" c="dimmed">
            Runs {describe(spec)}, cron expression <Code data-testid="cron-expression">{schedule}</Code>.
          </Text>
        </Input.Wrapper>
      )}
      <Select
        label="Time zone"
        description="The schedule is read in this zone, so 03:00 stays 03:00 across daylight saving time."
        data={zones}
        searchable
        limit={zoneOptionsShown}
        allowDeselect={false}
        nothingFoundMessage="No such time zone"
        disabled={disabled}
        value={timezone}
        onChange={(zone) => zone && onTimezoneChange(zone)}
        error={errors.timezone ?? preview.errors.timezone}
        maw={420}
      />
      {canPreview && <NextRuns preview={preview} timezone={timezone} />}
    </Stack>
  );
}
