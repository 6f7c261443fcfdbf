import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { type AlertContent, ErrorAlert } from './ErrorAlert';

export interface ConfirmDialogProps {
  opened: boolean;
  /** title asks the question, naming what is acted on: "Delete user alice?". */
  title: string;
  /** children say what will happen. */
  children: ReactNode;
  /** confirmLabel names the action on the confirming button: "Delete alice". */
  confirmLabel: string;
  /** busy is true while the action runs; the buttons wait for it. */
  busy: boolean;
  /** error is why the last attempt failed; the dialog stays open to show it. */
  error?: AlertContent;
  onConfirm(): void;
  onClose(): void;
}

/** ConfirmDialog asks before a destructive action and shows why it failed, if it does. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { opened, title, children, confirmLabel, busy, error, onConfirm, onClose } = props;
  return (
    <Modal opened={opened} onClose={onClose} title={title} closeButtonProps={{ 'aria-label': 'Close' }} centered>
      <Stack>
        <Text size="sm">{children}</Text>
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={busy}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
