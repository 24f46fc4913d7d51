import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** A signing secret the API shows only once: in full, with a copy button, and what to do with it. */
export function SecretOnce({ secret, children }: { secret: string; children?: ReactNode }) {
  return (
    <Stack gap="sm">
      <Alert
        color="yellow"
        variant="light"
        icon={<IconKey aria-hidden />}
        title={
          // yellow's own title colour leaves 2.7:1 on its light background
          <Text span fw={700} size="sm" c="dark.7">
            Copy the signing secret now
          </Text>
        }
      >
        <Text size="sm">
          It is shown this once. Your endpoint checks each delivery's <Code>webhook-signature</Code> header with it (Standard
          Webhooks: HMAC-SHA256 over the id, the timestamp and the body).
        </Text>
        {children}
      </Alert>
      <Group gap="xs" wrap="nowrap">
        <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="signing-secret">
          {secret}
        </Code>
        <CopyButton value={secret} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
              <ActionIcon variant="light" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={copied ? 'Secret copied' : 'Copy the secret'} size="lg">
                {copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
