import { useState } from 'react';
import { ActionIcon, Button, Card, Grid, Group, Loader, SegmentedControl, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconFlask, IconPlus, IconTrash } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { EmptyState } from '@/components/EmptyState';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { percent, when } from '@/lib/format';
import { useStyles } from '@/lib/styles';
import { describeSettings, useAbStats, useStartTest } from './api';

interface Draft {
  label: string;
  styleId: string | null;
  quality: string;
}

const QUALITIES = [
  { value: 'low', label: 'Low' },
  { value: 'medium', label: 'Standard' },
  { value: 'high', label: 'HD' },
];

const draft = (n: number): Draft => ({ label: `Variation ${String.fromCharCode(65 + n)}`, styleId: null, quality: 'medium' });

/** A/B tests: one prompt in 2 to 4 variations side by side; below, which settings have won the vendor's tests. */
export function AbTestsPage() {
  const navigate = useNavigate();
  const styles = useStyles();
  const start = useStartTest();
  const [prompt, setPrompt] = useState('');
  const [variants, setVariants] = useState<Draft[]>([draft(0), draft(1)]);
  const change = (i: number, patch: Partial<Draft>) => setVariants((vs) => vs.map((v, j) => (j === i ? { ...v, ...patch } : v)));

  const submit = () =>
    start.mutate(
      {
        prompt,
        variations: variants.map((v) => ({ label: v.label, styleId: v.styleId ?? undefined, parameters: { quality: v.quality } })),
      },
      { onSuccess: (test) => navigate(`/ab-tests/${test.id}`) },
    );

  return (
    <>
      <PageHeader title="A/B tests" description="One prompt in 2 to 4 variations side by side: rate them, pick the winner, learn what wins." />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card withBorder radius="md">
            <form
              onSubmit={(e) => {
                e.preventDefault();
                submit();
              }}
            >
              <Stack>
                <Title order={2} size="h4">
                  New test
                </Title>
                <Textarea label="Prompt" required autosize minRows={2} value={prompt} onChange={(e) => setPrompt(e.currentTarget.value)} />
                {variants.map((v, i) => (
                  <Card key={i} withBorder radius="sm" padding="sm" aria-label={v.label || `Variation ${i + 1}`} role="group">
                    <Group align="flex-end" wrap="wrap" gap="sm">
                      <TextInput label="Label" value={v.label} onChange={(e) => change(i, { label: e.currentTarget.value })} maxLength={50} w={150} />
                      <Select
                        label="Style"
                        placeholder="No style"
                        clearable
                        clearButtonProps={{ 'aria-label': 'No style' }}
                        data={(styles.data ?? []).map((s) => ({ value: s.id!, label: s.name! }))}
                        value={v.styleId}
                        onChange={(styleId) => change(i, { styleId })}
                        w={180}
                      />
                      <Stack gap={4}>
                        <Text size="sm" fw={500}>
                          Quality
                        </Text>
                        <SegmentedControl aria-label={`Quality of ${v.label}`} data={QUALITIES} value={v.quality} onChange={(quality) => change(i, { quality })} />
                      </Stack>
                      {variants.length > 2 && (
                        <ActionIcon variant="subtle" color="red" aria-label={`Remove ${v.label}`} onClick={() => setVariants((vs) => vs.filter((_, j) => j !== i))} mb={4}>
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      )}
                    </Group>
                  </Card>
                ))}
                <ProblemAlert error={start.error} title="The test was not started" />
                <Group justify="space-between">
                  <Button variant="subtle" leftSection={<IconPlus size={16} aria-hidden />} disabled={variants.length >= 4}
                    onClick={() => setVariants((vs) => [...vs, draft(vs.length)])}>
                    Add a variation
                  </Button>
                  <Button type="submit" leftSection={<IconFlask size={16} aria-hidden />} loading={start.isPending} disabled={!prompt.trim()}>
                    Start the test
                  </Button>
                </Group>
              </Stack>
            </form>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <WinningSettings />
        </Grid.Col>
      </Grid>
    </>
  );
}

/** Which settings won the vendor's tests (the last 90 days), best win rate first. */
function WinningSettings() {
  const stats = useAbStats();
  const styles = useStyles();
  const styleName = (id: string) => styles.data?.find((s) => s.id === id)?.name;
  const rows = [...(stats.data?.settings ?? [])].sort((a, b) => (b.winRate ?? 0) - (a.winRate ?? 0));
  return (
    <Card withBorder radius="md">
      <Title order={2} size="h4" mb="xs">
        What wins
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {stats.data ? `${stats.data.decided ?? 0} of ${stats.data.tests ?? 0} tests decided in the last ${stats.data.days ?? 90} days.` : ' '}
      </Text>
      <ProblemAlert error={stats.error} title="Could not load the statistics" />
      {stats.isPending ? (
        <Loader role="status" aria-label="Loading the statistics" />
      ) : rows.length === 0 ? (
        <EmptyState icon={<IconFlask size={24} />} title="No tests decided yet">
          Pick a winner in a test and its settings are counted here.
        </EmptyState>
      ) : (
        <Table aria-label="Winning settings" verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Settings</Table.Th>
              <Table.Th ta="right">Wins</Table.Th>
              <Table.Th ta="right">Win rate</Table.Th>
              <Table.Th ta="right">Rating</Table.Th>
              <Table.Th>Last tested</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s, i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {(s.labels ?? []).join(', ') || 'Unlabelled'}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {describeSettings(s.settings, styleName)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  {s.wins ?? 0} / {s.decided ?? 0}
                </Table.Td>
                <Table.Td ta="right">{percent(s.winRate)}</Table.Td>
                <Table.Td ta="right">{s.averageRating ? s.averageRating.toFixed(1) : '—'}</Table.Td>
                <Table.Td>{when(s.lastTestedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
