import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { when } from '@/lib/format';
import type { TemplateSchemas } from '@/lib/api';

type Version = TemplateSchemas['VersionView'];

/** Every saved version, newest first; one can be loaded back into the editor (saving it makes a new version). */
export function VersionHistory({ versions, current, onRestore }: { versions: Version[]; current?: number; onRestore: (v: Version) => void }) {
  return (
    <Card withBorder radius="md" aria-labelledby="versions-title">
      <Title order={3} size="h5" mb="xs" id="versions-title">
        Version history
      </Title>
      <Stack gap={6}>
        {versions.map((v) => (
          <Group key={v.version} justify="space-between" wrap="nowrap">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Group gap={6}>
                <Text size="sm" fw={600}>
                  Version {v.version}
                </Text>
                {v.version === current && (
                  <Badge size="xs" variant="light">
                    current
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed" lineClamp={1}>
                {when(v.createdAt)} · {v.promptText}
              </Text>
            </Stack>
            {v.version !== current && (
              <Button size="compact-xs" variant="subtle" onClick={() => onRestore(v)} aria-label={`Load version ${v.version} into the editor`}>
                Load
              </Button>
            )}
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
