import { Badge, DataList, Group, Text } from '@mantine/core';
import type { Viewer } from '../auth/viewer';

/** AccountSummary shows who the viewer is: name, username, groups and how the request signed in. */
export function AccountSummary({ viewer }: { viewer: Viewer }) {
  return (
    <DataList labelWidth="12rem">
      <DataList.Item>
        <DataList.ItemLabel>Display name</DataList.ItemLabel>
        <DataList.ItemValue>
          {viewer.displayName || (
            <Text span c="dimmed" fs="italic">
              not set
            </Text>
          )}
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Username</DataList.ItemLabel>
        <DataList.ItemValue>
          <Text span ff="monospace">
            {viewer.username}
          </Text>
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Groups</DataList.ItemLabel>
        <DataList.ItemValue>
          {viewer.groups.length === 0 ? (
            <Text span c="dimmed" fs="italic">
              none, so you can use only this page
            </Text>
          ) : (
            <Group gap={6}>
              {viewer.groups.map((group) => (
                <Badge key={group} variant="light">
                  {group}
                </Badge>
              ))}
            </Group>
          )}
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Signed in with</DataList.ItemLabel>
        <DataList.ItemValue>{viewer.viaApiKey ? 'an API key' : 'this browser'}</DataList.ItemValue>
      </DataList.Item>
    </DataList>
  );
}
