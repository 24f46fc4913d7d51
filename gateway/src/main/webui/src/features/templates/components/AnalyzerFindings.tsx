import { Badge, Card, Group, List, Progress, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBulb } from '@tabler/icons-react';
import type { TemplateSchemas } from '@/lib/api';

const SEVERITY_COLOR: Record<string, string> = { error: 'red', warning: 'grape', info: 'blue', suggestion: 'teal' };

/** The prompt analyzer's score and findings for the rendered prompt, each with its suggestion. */
export function AnalyzerFindings({ analysis }: { analysis: TemplateSchemas['AnalyzeResponse'] | undefined }) {
  const findings = analysis?.findings ?? [];
  const score = analysis?.score;
  return (
    <Card withBorder radius="md" aria-labelledby="analyzer-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" id="analyzer-title">
          Prompt analyzer
        </Title>
        {score != null && (
          <Badge color={score >= 80 ? 'teal' : score >= 50 ? 'blue' : 'red'} variant="light">
            Score {score}/100
          </Badge>
        )}
      </Group>
      {score != null && <Progress value={score} color={score >= 80 ? 'teal' : score >= 50 ? 'blue' : 'red'} size="sm" mb="sm" aria-label="Prompt score" />}
      {findings.length === 0 ? (
        <Text size="sm" c="dimmed">
          {analysis ? 'No findings: this prompt reads well.' : 'Findings appear as you write.'}
        </Text>
      ) : (
        <List spacing="xs" size="sm" icon={<ThemeIcon size={20} radius="xl" variant="light" aria-hidden><IconBulb size={12} /></ThemeIcon>} aria-label="Findings">
          {findings.map((f, i) => (
            <List.Item key={i}>
              <Stack gap={0}>
                <Group gap={6}>
                  <Badge size="xs" color={SEVERITY_COLOR[f.severity ?? ''] ?? 'gray'} variant="light">
                    {f.severity}
                  </Badge>
                  <Text size="sm">{f.message}</Text>
                </Group>
                {f.suggestion && (
                  <Text size="xs" c="dimmed">
                    {f.suggestion}
                  </Text>
                )}
              </Stack>
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}
