/** eventLabels name the events a channel hears about, as people read them. */
export const eventLabels: Readonly<Record<string, string>> = {
  'system.key_mismatch': 'ENCRYPTION_KEY mismatch at start',
  'system.login_failures': 'Repeated login failures',
  'system.schedule_missed': 'A scheduled run was missed',
  'system.destination_failing': 'A destination stopped accepting uploads',
  'restore.success': 'Restore succeeded',
  'restore.failure': 'Restore failed',
  'backup.success': 'Backup succeeded',
  'backup.partial': 'Backup partly succeeded',
  'backup.failure': 'Backup failed',
  test: 'Test message',
};

/** eventLabel is the label of an event type; an event the SPA does not know shows its type. */
export function eventLabel(type: string): string {
  return eventLabels[type] ?? type;
}
