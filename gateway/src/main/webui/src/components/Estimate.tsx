import { Card, SimpleGrid } from '@mantine/core';
import { duration, money } from '@/lib/format';
import { Figure } from './Figure';
import type { BatchSchemas } from '@/lib/api';

/** Estimated cost and time and what remains of the month's budget, before anything is sent. */
export function Estimate({ images, costUsd, seconds, budget }: { images?: number; costUsd?: number | null; seconds?: number | null; budget?: BatchSchemas['Budget'] }) {
  const remaining = budget?.remainingUsd;
  const over = remaining != null && costUsd != null && Number(costUsd) > Number(remaining);
  return (
    <Card withBorder radius="md" bg="gray.0" component="section" aria-label="Estimate">
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Figure label="Estimated cost" value={money(costUsd)} hint={images ? `${images} image${images === 1 ? '' : 's'} × ${money(costUsd != null ? Number(costUsd) / images : null)}` : undefined} />
        <Figure label="Estimated time" value={duration(seconds)} hint="your turns beside other shops' work" />
        <Figure
          label="Budget left this month"
          value={remaining == null ? 'No limit' : money(remaining)}
          hint={over ? 'more than the budget left' : budget?.monthlyLimitUsd != null ? `of ${money(budget.monthlyLimitUsd)}, ${money(budget.spentUsd)} spent` : 'no monthly limit set'}
          color={over ? 'red.9' : undefined}
        />
      </SimpleGrid>
    </Card>
  );
}
