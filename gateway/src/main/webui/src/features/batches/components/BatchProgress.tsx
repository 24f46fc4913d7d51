import { Card, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { StatusBadge } from '@/components/StatusBadge';
import { Figure } from '@/components/Figure';
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
        <Progress.Root size="xl" aria-label="Batch progress">
          <Progress.Section value={pct(completed)} color="teal" aria-label="Completed" />
          <Progress.Section value={pct(failed)} color="red" aria-label="Failed" />
          <Progress.Section value={pct(cancelled)} color="gray" aria-label="Cancelled" />
        </Progress.Root>
        <SimpleGrid cols={{ base: 2, sm: 5 }}>
          <Figure label="Completed" value={completed} color="teal.9" testId="count-completed" />
          <Figure label="Failed" value={failed} color="red.9" testId="count-failed" />
          <Figure label="Cancelled" value={cancelled} color="dark" testId="count-cancelled" />
          <Figure label="Cost so far" value={money(batch.costUsd)} testId="count-cost-so-far" />
          <Figure label="Estimated" value={money(batch.estimatedCostUsd)} testId="count-estimated" />
        </SimpleGrid>
      </Stack>
    </Card>
  );
}
