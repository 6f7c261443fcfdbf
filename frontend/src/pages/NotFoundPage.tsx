import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link, useLocation } from 'react-router';

/** NotFoundPage answers every path inside the SPA that no route matches. */
export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <Stack gap="xs">
      <Title order={2}>Page not found</Title>
      <Text c="dimmed">
        There is no page at <Text span ff="monospace">{pathname}</Text>.
      </Text>
      <Anchor component={Link} to="/">
        Go to the dashboard
      </Anchor>
    </Stack>
  );
}
