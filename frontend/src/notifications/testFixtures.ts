import type {
  NotificationChannelRowFragment,
  NotificationDeliveryRowFragment,
  NotificationFieldSpecFieldsFragment,
  SecretState,
} from '../gql/graphql';

/** field is a channel field spec as the server describes it, with overrides. */
export function field(
  overrides: Partial<NotificationFieldSpecFieldsFragment> & Pick<NotificationFieldSpecFieldsFragment, 'name' | 'type'>,
): NotificationFieldSpecFieldsFragment {
  return {
    __typename: 'NotificationFieldSpec',
    label: overrides.name,
    help: '',
    required: false,
    secret: false,
    default: null,
    options: [],
    ...overrides,
  };
}

export const webhookFields = [
  field({ name: 'url', label: 'URL', type: 'URL', required: true, help: 'Where each event is POSTed.' }),
  field({ name: 'secret', label: 'Signing secret', type: 'SECRET', secret: true, help: 'Signs each request.' }),
  field({ name: 'headers', label: 'Extra headers', type: 'TEXT', secret: true }),
];

export const telegramFields = [
  field({ name: 'bot_token', label: 'Bot token', type: 'SECRET', secret: true, required: true }),
  field({ name: 'chat_id', label: 'Chat ID', type: 'STRING', required: true }),
  field({ name: 'silent', label: 'Silent', type: 'BOOL', default: 'false' }),
];

export const systemEventTypes = [
  'system.key_mismatch',
  'system.login_failures',
  'system.schedule_missed',
  'system.destination_failing',
  'restore.success',
  'restore.failure',
];

export const notificationKinds = {
  notificationKinds: [
    { __typename: 'NotificationKindSpec', kind: 'webhook', label: 'Webhook', fields: webhookFields },
    { __typename: 'NotificationKindSpec', kind: 'telegram', label: 'Telegram', fields: telegramFields },
  ],
  systemEventTypes,
};

/** secrets are a channel's secret states as the API reports them, by field name. */
export function secrets(states: Record<string, SecretState>): NotificationChannelRowFragment['secrets'] {
  return Object.entries(states).map(([field, state]) => ({ __typename: 'SecretStatus' as const, field, state }));
}

/** channel is a saved channel with its settings; it has no secrets stored unless extra says so. */
export function channel(
  name: string,
  kind: NotificationChannelRowFragment['kind'],
  values: Record<string, string>,
  extra: Partial<NotificationChannelRowFragment> = {},
): NotificationChannelRowFragment {
  return {
    __typename: 'NotificationChannel',
    id: `ntc_${name}`,
    name,
    kind,
    enabled: true,
    systemEvents: [],
    settings: Object.entries(values).map(([n, value]) => ({ __typename: 'SettingValue' as const, name: n, value })),
    secrets: [],
    ...extra,
  };
}

export function delivery(
  id: string,
  to: NotificationChannelRowFragment,
  extra: Partial<NotificationDeliveryRowFragment> = {},
): NotificationDeliveryRowFragment {
  return {
    __typename: 'NotificationDelivery',
    id: `ntd_${id}`,
    createdAt: '2026-12-07T10:00:00Z',
    eventType: 'test',
    title: 'Test message from DBackup',
    status: 'SENT',
    attempts: 1,
    error: null,
    sentAt: '2026-12-07T10:00:01Z',
    channel: { __typename: 'NotificationChannel', id: to.id, name: to.name },
    ...extra,
  };
}
