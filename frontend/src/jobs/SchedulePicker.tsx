import { Button, Chip, Code, Group, Input, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { type ReactNode, useMemo, useState } from 'react';
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

export interface SchedulePickerProps {
  /** schedule is the cron expression as stored; empty means manual. */
  schedule: string;
  timezone: string;
  onScheduleChange(schedule: string): void;
  onTimezoneChange(timezone: string): void;
  /** errors are the form's own or the server's objections to the two fields. */
  errors: { schedule?: string; timezone?: string };
  disabled?: boolean;
  /** modes are the choices of the Schedule select; all of cron.ts's by default. */
  modes?: ReadonlyArray<{ value: ScheduleMode; label: string }>;
  /** readSpec turns the stored schedule into the picker's first state; parseCron by default. */
  readSpec?(schedule: string): ScheduleSpec;
  /** description is the Schedule select's, which says what is being scheduled. */
  description: string;
  /** showExamples offers a few custom expressions as one-click starting points. */
  showExamples?: boolean;
  /** showPreview asks the server for the next runs and lists them; off, nothing is asked. */
  showPreview?: boolean;
  /** besideZone sits next to the time zone, such as the job's catch-up policy. */
  besideZone?: ReactNode;
  /** footer follows the next runs; like them it is hidden while the mode is manual. */
  footer?: ReactNode;
}

/**
 * SchedulePicker edits a schedule with the model of cron.ts: a mode (manual, hourly, daily,
 * weekly, monthly or custom cron) that writes the cron expression, the zone it is read in, and the
 * next runs as the server computes them. It is controlled: the caller holds schedule and zone.
 */
export function SchedulePicker(props: SchedulePickerProps) {
  const { schedule, timezone, onScheduleChange, onTimezoneChange, errors, disabled } = props;
  const { modes = scheduleModes, readSpec = parseCron, description, showExamples, showPreview = true } = props;
  const [spec, setSpec] = useState<ScheduleSpec>(() => readSpec(schedule));
  const known = useMemo(timeZones, []);
  // A zone the browser does not list, such as one saved elsewhere, stays choosable.
  const zones = timezone && !known.includes(timezone) ? [timezone, ...known] : known;
  const preview = useSchedulePreview(showPreview ? schedule : '', timezone);

  const update = (next: ScheduleSpec) => {
    setSpec(next);
    onScheduleChange(toCron(next) ?? schedule);
  };
  const setTime = (value: string) => {
    const parsed = parseTime(value);
    if (parsed) update({ ...spec, ...parsed });
  };
  const scheduleError = errors.schedule ?? preview.errors.schedule;

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Schedule"
          description={description}
          data={modes}
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
            disabled={disabled}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            value={spec.custom}
            error={scheduleError}
            onChange={(e) => update({ ...spec, custom: e.currentTarget.value })}
          />
          {showExamples && (
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
                  disabled={disabled}
                  onClick={() => update({ ...spec, custom: e.cron })}
                >
                  {e.cron}
                </Button>
              ))}
            </Group>
          )}
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
              disabled={disabled}
              value={timezone}
              onChange={(zone) => zone && onTimezoneChange(zone)}
              error={errors.timezone ?? preview.errors.timezone}
            />
            {props.besideZone}
          </SimpleGrid>
          {showPreview && <NextRuns preview={preview} timezone={timezone} />}
          {props.footer}
        </>
      )}
    </Stack>
  );
}
