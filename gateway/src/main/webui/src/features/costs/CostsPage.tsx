import { useState } from 'react';
import { ActionIcon, Button, Group, Loader, NumberInput, Paper, Progress, SimpleGrid, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { FigureCard } from '@/components/Figure';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { money, percent } from '@/lib/format';
import { useQueueStats } from '@/features/queue/api';
import type { BatchSchemas } from '@/lib/api';
import { useTemplateCount } from '@/features/templates/api';
import { useMonth, useSetBudget } from './api';

type Month = BatchSchemas['Month'];
type Budget = NonNullable<Month['budget']>;

const thisMonth = () => new Date().toISOString().slice(0, 7);

function shift(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** What the vendor spent: a month's total, per image and per successful image, by day and by model, and the budget. */
export function CostsPage() {
  const [month, setMonth] = useState(thisMonth);
  const report = useMonth(month);
  const m = report.data;
  const current = month === thisMonth();

  return (
    <>
      <PageHeader
        title="Costs"
        description="What your images cost, from the ledger of every provider call (UTC months)."
        actions={
          <Group gap={4}>
            <ActionIcon variant="default" onClick={() => setMonth(shift(month, -1))} aria-label="Previous month">
              <IconChevronLeft size={16} aria-hidden />
            </ActionIcon>
            <Text fw={500} w={150} ta="center" aria-live="polite">
              {monthName(month)}
            </Text>
            <ActionIcon variant="default" onClick={() => setMonth(shift(month, 1))} disabled={current} aria-label="Next month">
              <IconChevronRight size={16} aria-hidden />
            </ActionIcon>
          </Group>
        }
      />
      <ProblemAlert error={report.error} title="Could not load the costs" />
      {report.isPending ? (
        <Loader role="status" aria-label="Loading costs" />
      ) : m ? (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <FigureCard label="Spent" testId="figure-spent" value={money(m.totalUsd)} hint={`${m.attempts ?? 0} provider call(s)`} />
            <FigureCard label="Per image" testId="figure-per-image" value={m.attempts ? money(Number(m.totalUsd) / m.attempts) : '—'} hint="every call, failed ones too" />
            <FigureCard label="Per image made" testId="figure-per-successful-image" value={m.completed ? money(Number(m.totalUsd) / m.completed) : '—'} hint={`the month's spend over its ${m.completed ?? 0} image(s) made`} />
            <FigureCard label="Spent on failures" testId="figure-spent-on-failures" value={money(m.failedUsd)} hint={`${m.failed ?? 0} failed call(s)`} />
          </SimpleGrid>
          {current && m.budget && <BudgetCard budget={m.budget} />}
          <QualityFigures />
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              Spend by day
            </Title>
            <DayChart month={month} days={m.byDay ?? []} />
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              Spend by model
            </Title>
            <ModelTable byModel={m.byModel ?? {}} total={Number(m.totalUsd ?? 0)} />
          </Paper>
        </Stack>
      ) : null}
    </>
  );
}

/** The roadmap's success metrics: templates, batches a week and their size, the last 30 days' images, ratings, re-generations and reuse. */
function QualityFigures() {
  const stats = useQueueStats();
  const templates = useTemplateCount();
  const q = stats.data?.last30Days;
  if (!q) return <ProblemAlert error={stats.error} title="Could not load the success metrics" />;
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Usage and success, last 30 days
      </Title>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <FigureCard label="Templates" testId="figure-templates" value={templates.data?.toLocaleString('en-US') ?? '—'} hint="in your library, all time" />
        <FigureCard label="Batches a week" testId="figure-batches-per-week" value={(q.batchesPerWeek ?? 0).toLocaleString('en-US')} hint={`${q.batches ?? 0} batch(es) in 30 days`} />
        <FigureCard label="Images per batch" testId="figure-images-per-batch" value={q.imagesPerBatch?.toLocaleString('en-US') ?? '—'} hint="on average, single images apart" />
        <FigureCard label="Images requested" testId="figure-images-requested" value={(q.images ?? 0).toLocaleString('en-US')} hint={`success rate ${percent(stats.data?.successRate)} (24 h)`} />
        <FigureCard label="Average rating" testId="figure-average-rating" value={q.averageRating ? `${q.averageRating.toFixed(1)} / 5` : '—'} hint={`${q.ratedImages ?? 0} image(s) rated`} />
        <FigureCard label="Re-generation rate" testId="figure-re-generation-rate" value={percent(q.regenerationRate)} hint="made afresh although reusable: low is good" />
        <FigureCard label="Reused images" testId="figure-reused-images" value={percent(q.cacheHitRate)} hint={`${q.cacheHits ?? 0} reused, ${money(q.cacheSavedUsd)} saved`} />
        <FigureCard label="Per image delivered" testId="figure-cost-per-successful-image" value={money(q.costPerSuccessfulImageUsd)} hint="reused images too, at no cost" />
      </SimpleGrid>
    </Paper>
  );
}

/** The month's limit, what is spent and what queued work holds, and the form to change the limit. */
function BudgetCard({ budget }: { budget: Budget }) {
  const setBudget = useSetBudget();
  const [limit, setLimit] = useState<number | string>(budget.monthlyLimitUsd ?? '');
  const cap = Number(budget.monthlyLimitUsd ?? 0);
  const spent = Number(budget.spentUsd ?? 0);
  const reserved = Number(budget.reservedUsd ?? 0);
  const save = (value: number | null) =>
    setBudget.mutate(value, {
      onSuccess: () => notifications.show({ color: 'teal', message: value === null ? 'The monthly limit was removed.' : `The monthly limit is now ${money(value)}.` }),
    });

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={6} style={{ flex: 1, minWidth: 260 }}>
          <Title order={2} size="h4">
            Budget this month
          </Title>
          {cap > 0 ? (
            <>
              <Progress.Root size="lg">
                <Progress.Section
                  value={Math.min(100, (100 * spent) / cap)}
                  color={spent + reserved > cap ? 'red' : 'teal'}
                  aria-label={`Spent: ${money(spent)} of ${money(cap)}`}
                />
                <Progress.Section
                  value={Math.min(100 - Math.min(100, (100 * spent) / cap), (100 * reserved) / cap)}
                  color="yellow"
                  aria-label={`Reserved by queued work: ${money(reserved)}`}
                />
              </Progress.Root>
              <Text size="sm">
                {money(spent)} spent, {money(reserved)} reserved by queued work, {money(budget.remainingUsd)} left of {money(cap)}.
              </Text>
            </>
          ) : (
            <Text size="sm">
              No monthly limit: {money(spent)} spent and {money(reserved)} reserved by queued work. With a limit, work that would pass it is refused before it costs anything.
            </Text>
          )}
        </Stack>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save(limit === '' ? null : Number(limit));
          }}
        >
          <Group align="flex-end" gap="xs">
            <NumberInput label="Monthly limit (USD)" placeholder="No limit" min={0} decimalScale={2} thousandSeparator="," prefix="$" value={limit} onChange={setLimit} w={180} />
            <Button type="submit" loading={setBudget.isPending}>
              Save
            </Button>
            {cap > 0 && (
              <Button
                variant="default"
                onClick={() => {
                  setLimit('');
                  save(null);
                }}
              >
                Remove
              </Button>
            )}
          </Group>
        </form>
      </Group>
      <ProblemAlert error={setBudget.error} title="Could not set the limit" />
    </Paper>
  );
}

/** A bar per day of the month (days without calls at zero), with the same figures as a table for screen readers. */
function DayChart({ month, days }: { month: string; days: NonNullable<Month['byDay']> }) {
  const [y, m] = month.split('-').map(Number);
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const byDate = new Map(days.map((d) => [d.date, d]));
  const all = Array.from({ length: count }, (_, i) => {
    const date = `${month}-${String(i + 1).padStart(2, '0')}`;
    const d = byDate.get(date);
    return { date, day: i + 1, usd: Number(d?.usd ?? 0), completed: d?.completed ?? 0, failed: d?.failed ?? 0 };
  });
  const max = Math.max(...all.map((d) => d.usd), 0);
  if (days.length === 0) {
    return <Text c="dimmed">No provider calls this month.</Text>;
  }
  return (
    <>
      <svg viewBox={`0 0 ${count * 20} 130`} width="100%" height={160} aria-hidden preserveAspectRatio="none" data-testid="spend-by-day">
        {all.map((d) => {
          const h = max > 0 ? (110 * d.usd) / max : 0;
          return (
            <g key={d.date}>
              <rect x={(d.day - 1) * 20 + 3} y={115 - h} width={14} height={Math.max(h, d.usd > 0 ? 1 : 0)} rx={2} fill="var(--mantine-color-teal-6)">
                <title>{`${d.date}: ${money(d.usd)}, ${d.completed} image(s), ${d.failed} failed`}</title>
              </rect>
              {(d.day === 1 || d.day % 5 === 0) && (
                <text x={(d.day - 1) * 20 + 10} y={128} fontSize={9} textAnchor="middle" fill="var(--mantine-color-dimmed)">
                  {d.day}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <Text size="xs" c="dimmed">
        Highest day: {money(max)}. Hover a bar for its figures.
      </Text>
      <VisuallyHidden>
        <Table aria-label="Spend by day">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Day</Table.Th>
              <Table.Th>Spent</Table.Th>
              <Table.Th>Images</Table.Th>
              <Table.Th>Failed</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {days.map((d) => (
              <Table.Tr key={d.date}>
                <Table.Td>{d.date}</Table.Td>
                <Table.Td>{money(d.usd)}</Table.Td>
                <Table.Td>{d.completed}</Table.Td>
                <Table.Td>{d.failed}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </>
  );
}

function ModelTable({ byModel, total }: { byModel: Record<string, number>; total: number }) {
  const rows = Object.entries(byModel).sort((a, b) => Number(b[1]) - Number(a[1]));
  if (rows.length === 0) return <Text c="dimmed">No provider calls this month.</Text>;
  return (
    <Table aria-label="Spend by model" verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Model</Table.Th>
          <Table.Th>Spent</Table.Th>
          <Table.Th w="40%">Share</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(([model, usd]) => (
          <Table.Tr key={model}>
            <Table.Td>{model || 'unknown'}</Table.Td>
            <Table.Td>{money(usd)}</Table.Td>
            <Table.Td>
              <Tooltip label={`${Math.round((1000 * Number(usd)) / (total || 1)) / 10}%`}>
                <Progress value={(100 * Number(usd)) / (total || 1)} aria-label={`${model} share of the month`} />
              </Tooltip>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
