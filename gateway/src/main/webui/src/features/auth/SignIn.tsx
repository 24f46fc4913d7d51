import { Alert, Button, Card, Center, List, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBolt, IconLogin } from '@tabler/icons-react';
import { useAuth } from '@/lib/auth';

/** The studio's front door: what it is, and Sign in (the identity provider's own page). */
export function SignIn({ error }: { error?: string }) {
  const { signIn } = useAuth();
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Card withBorder shadow="sm" radius="lg" p="xl" maw={460} w="100%">
        <Stack gap="md">
          <ThemeIcon size={48} radius="xl" variant="light" aria-hidden>
            <IconBolt />
          </ThemeIcon>
          <Title order={1} size="h2">
            AI Generation Studio
          </Title>
          <Text c="dimmed">Product and marketing images for your shop, from templates, styles and batches.</Text>
          <List size="sm" spacing={4}>
            <List.Item>Prompt templates with variables</List.Item>
            <List.Item>Batches of thousands of images from a CSV</List.Item>
            <List.Item>Live progress, costs and your queue at a glance</List.Item>
          </List>
          {error && (
            <Alert color="red" title="Sign-in is not available" role="alert">
              {error}
            </Alert>
          )}
          <Button size="md" leftSection={<IconLogin size={18} aria-hidden />} onClick={() => void signIn()}>
            Sign in
          </Button>
        </Stack>
      </Card>
    </Center>
  );
}
