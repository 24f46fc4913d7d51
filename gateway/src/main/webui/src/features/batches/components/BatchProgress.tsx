import { Card, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { StatusBadge } from '@/components/StatusBadge';
import { duration, money } from '@/lib/format';
import type { Batch } from '../api';

/** The batch's live progress bar and counters (the event stream keeps them current). */
export function BatchProgress({ batch }: { batch: Batch }) {
  const total = batch.totalImages ?? 0;
  const completed = batch.completedImages ?? 0;
  const failed = batch.failedImages ?? 0;
  const cancelled = batch.cancelledImages ?? 0;
  const done = completed + failed + cancelled;
  const pct = (n: number) => (total ? (100 * n) / total : 0);
  const running = batch.status === 'processing' || batch.status === 'pending';
  return (
    <Card withBorder radius="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <StatusBadge status={batch.status} />
            <Text fw={700} size="lg" aria-live="polite" data-testid="batch-counter">
              {done}/{total}
            </Text>
            <Text c="dimmed" size="sm">
              images done
            </Text>
          </Group>
          {running && <Text size="sm" c="dimmed">about {duration(batch.estimatedSecondsLeft)} left</Text>}
        </Group>
        <Progress.Root size="xl" aria-label="Batch progress" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
          <Progress.Section value={pct(completed)} color="teal" />
          <Progress.Section value={pct(failed)} color="red" />
          <Progress.Section value={pct(cancelled)} color="orange" />
        </Progress.Root>
        <SimpleGrid cols={{ base: 2, sm: 5 }}>
          <Counter label="Completed" value={completed} color="teal.7" />
          <Counter label="Failed" value={failed} color="red.7" />
          <Counter label="Cancelled" value={cancelled} color="orange.7" />
          <Counter label="Cost so far" value={money(batch.costUsd)} />
          <Counter label="Estimated" value={money(batch.estimatedCostUsd)} />
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

function Counter({ label, value, color }: { label: string; value: number | string; color?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" tt="uppercase" fw={700} c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" c={color} data-testid={`count-${label.toLowerCase().replace(/\s+/g, '-')}`}>
        {value}
      </Text>
    </Stack>
  );
}
