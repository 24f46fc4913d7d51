import { Alert, Badge, Card, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { humanField } from '@/lib/problem';
import type { TemplateSchemas } from '@/lib/api';

/** The rendered prompt with the sample values, its length against the model's limit, and every problem. */
export function PromptPreview({ preview, loading }: { preview: TemplateSchemas['Preview'] | undefined; loading: boolean }) {
  const problems = preview?.problems ?? [];
  return (
    <Card withBorder radius="md" aria-labelledby="preview-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" id="preview-title">
          Live preview
        </Title>
        <Group gap={6}>
          {loading && <Loader size="xs" role="status" aria-label="Updating the preview" />}
          {preview?.length != null && (
            <Badge variant="light" color={preview.maxLength && preview.length > preview.maxLength ? 'red' : 'gray'}>
              {preview.length} / {preview.maxLength} characters
            </Badge>
          )}
        </Group>
      </Group>
      <Stack gap="xs">
        <Text size="sm" data-testid="rendered-prompt" style={{ whiteSpace: 'pre-wrap' }} c={preview?.prompt ? undefined : 'dimmed'}>
          {preview?.prompt || 'Write a prompt to see it rendered with your sample values.'}
        </Text>
        {(preview?.missing?.length ?? 0) > 0 && (
          <Text size="xs" c="red.9">
            No sample for {preview!.missing!.map((m) => `{${m}}`).join(', ')}: set a default to see it filled in.
          </Text>
        )}
        {problems.length > 0 && (
          <Alert color="red" variant="light" title="Problems" p="xs">
            <List size="sm" aria-label="Prompt problems">
              {problems.map((p, i) => (
                <List.Item key={i}>
                  {p.field && <Text span fw={600}>{humanField(p.field)}: </Text>}
                  {p.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
