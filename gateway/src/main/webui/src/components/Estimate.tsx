import { Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { duration, money } from '@/lib/format';
import type { BatchSchemas } from '@/lib/api';

/** Estimated cost and time and what remains of the month's budget, before anything is sent. */
export function Estimate({ images, costUsd, seconds, budget }: { images?: number; costUsd?: number | null; seconds?: number | null; budget?: BatchSchemas['Budget'] }) {
  const remaining = budget?.remainingUsd;
  const over = remaining != null && costUsd != null && Number(costUsd) > Number(remaining);
  return (
    <Card withBorder radius="md" bg="gray.0" aria-label="Estimate">
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Stat label="Estimated cost" value={money(costUsd)} hint={images ? `${images} image${images === 1 ? '' : 's'} × ${money(costUsd != null ? Number(costUsd) / images : null)}` : undefined} />
        <Stat label="Estimated time" value={duration(seconds)} hint="at the fleet's current pace" />
        <Stat
          label="Budget left this month"
          value={remaining == null ? 'No limit' : money(remaining)}
          hint={budget?.monthlyLimitUsd != null ? `of ${money(budget.monthlyLimitUsd)}, ${money(budget.spentUsd)} spent` : 'set one under Costs'}
          danger={over}
        />
      </SimpleGrid>
    </Card>
  );
}

function Stat({ label, value, hint, danger }: { label: string; value: string; hint?: string; danger?: boolean }) {
  return (
    <Stack gap={0}>
      <Text size="xs" tt="uppercase" fw={700} c="dimmed">
        {label}
      </Text>
      <Group gap={4}>
        <Text size="xl" fw={700} c={danger ? 'red.7' : undefined}>
          {value}
        </Text>
      </Group>
      {hint && (
        <Text size="xs" c={danger ? 'red.7' : 'dimmed'}>
          {danger ? 'more than the budget left' : hint}
        </Text>
      )}
    </Stack>
  );
}
