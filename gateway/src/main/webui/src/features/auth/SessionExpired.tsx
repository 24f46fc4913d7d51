import { Button, Card, Center, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconClockExclamation } from '@tabler/icons-react';
import { useAuth } from '@/lib/auth';

/** Shown when the session has ended (signed out elsewhere, or idle too long): sign in again and come back here. */
export function SessionExpired() {
  const { signIn } = useAuth();
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Card withBorder shadow="sm" radius="lg" p="xl" maw={460} w="100%">
        <Stack gap="md">
          <ThemeIcon size={48} radius="xl" color="orange" variant="light" aria-hidden>
            <IconClockExclamation />
          </ThemeIcon>
          <Title order={1} size="h2">
            Your session has expired
          </Title>
          <Text c="dimmed">
            For your security you were signed out. Nothing was lost: batches keep running while you are away. Sign in again to
            continue where you were.
          </Text>
          <Button size="md" onClick={() => void signIn()}>
            Sign in again
          </Button>
        </Stack>
      </Card>
    </Center>
  );
}
