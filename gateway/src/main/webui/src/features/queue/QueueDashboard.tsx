import { useState } from 'react';
import { Badge, Card, Group, SimpleGrid, Skeleton, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { IconCalendarClock, IconCircleCheck, IconLoader, IconAlertTriangle, IconInbox } from '@tabler/icons-react';
import { EmptyState } from '@/components/EmptyState';
import { FigureCard } from '@/components/Figure';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { duration, money, percent } from '@/lib/format';
import { useBatches, useQueueStats } from './api';
import { BatchTable } from './BatchTable';
import { PlanAndWindow } from './PlanAndWindow';

const TABS = [
  { value: 'active', label: 'Active', statuses: ['pending', 'processing'], icon: IconLoader, time: 'createdAt' as const },
  { value: 'scheduled', label: 'Scheduled', statuses: ['scheduled'], icon: IconCalendarClock, time: 'scheduledFor' as const },
  { value: 'completed', label: 'Completed', statuses: ['completed'], icon: IconCircleCheck, time: 'completedAt' as const },
  { value: 'failed', label: 'Failed', statuses: ['failed', 'cancelled'], icon: IconAlertTriangle, time: 'completedAt' as const },
];

const LANES = [
  { key: 'interactive', label: 'Interactive', hint: 'single images, tests' },
  { key: 'standard', label: 'Standard', hint: 'batches' },
  { key: 'bulk', label: 'Bulk', hint: 'scheduled, off-peak' },
];

/** The queue: what runs, waits, finished and failed; speed, cost, success rate and depth per lane, live. */
export function QueueDashboard() {
  const stats = useQueueStats();
  const [tab, setTab] = useState('active');
  const s = stats.data;
  return (
    <>
      <PageHeader title="Queue" description="Everything you have asked for, as it runs. Updates live." />
      <ProblemAlert error={stats.error} title="The queue figures could not be loaded" />
      {stats.isPending ? (
        <Skeleton h={120} radius="md" mb="md" />
      ) : (
        s && (
          <Stack gap="md" mb="lg">
            <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} aria-label="Queue figures">
              <FigureCard label="Speed" value={`${Math.round((s.imagesPerMinute ?? 0) * 10) / 10}/min`} hint="images, last minutes" />
              <FigureCard label="Success rate" value={percent(s.successRate)} hint="last 24 hours" testId="success-rate" />
              <FigureCard label="Completed" value={String(s.completedLast24h ?? 0)} hint="last 24 hours" testId="completed-24h" />
              <FigureCard label="Failed" value={String(s.failedLast24h ?? 0)} hint="last 24 hours" testId="failed-24h" />
              <FigureCard label="Cost" value={money(s.costLast24hUsd)} hint="last 24 hours" testId="cost-24h" />
              <FigureCard label="This month" value={money(s.costThisMonthUsd)} hint={`avg ${money(s.averageCostPerImageUsd)} per image`} testId="cost-month" />
            </SimpleGrid>
            <Card withBorder radius="md">
              <Title order={2} size="h5" mb="xs">
                Waiting per lane
              </Title>
              <Group gap="xl">
                {LANES.map((lane) => (
                  <Stack gap={0} key={lane.key}>
                    <Text size="xl" fw={700} data-testid={`depth-${lane.key}`}>
                      {s.depth?.[lane.key] ?? 0}
                    </Text>
                    <Text size="sm">{lane.label}</Text>
                    <Text size="xs" c="dimmed">
                      {lane.hint}
                    </Text>
                  </Stack>
                ))}
                <Stack gap={0}>
                  <Text size="xl" fw={700} data-testid="depth-scheduled">
                    {s.scheduled ?? 0}
                  </Text>
                  <Text size="sm">Scheduled</Text>
                  <Text size="xs" c="dimmed">
                    waiting for their time
                  </Text>
                </Stack>
              </Group>
            </Card>
            <YourPlace places={s.places} />
            <PlanAndWindow />
          </Stack>
        )
      )}
      <Tabs value={tab} onChange={(v) => setTab(v ?? 'active')} keepMounted={false}>
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} leftSection={<t.icon size={16} aria-hidden />}>
              {t.label} <TabCount statuses={t.statuses} />
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((t) => (
          <Tabs.Panel key={t.value} value={t.value} pt="md">
            <BatchList statuses={t.statuses} label={`${t.label} batches`} time={t.time} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}

function TabCount({ statuses }: { statuses: string[] }) {
  const batches = useBatches(statuses, 0, 1);
  const n = batches.data?.total;
  return n ? (
    <Badge size="xs" variant="light" ml={4}>
      {n}
    </Badge>
  ) : null;
}

function BatchList({ statuses, label, time }: { statuses: string[]; label: string; time: 'createdAt' | 'completedAt' | 'scheduledFor' }) {
  const [page, setPage] = useState(0);
  const batches = useBatches(statuses, page);
  if (batches.isPending) return <Skeleton h={200} radius="md" />;
  if (batches.error) return <ProblemAlert error={batches.error} title="The batches could not be loaded" />;
  const items = batches.data?.items ?? [];
  if (items.length === 0) {
    return (
      <EmptyState icon={<IconInbox />} title={`No ${label.toLowerCase()}`}>
        {statuses.includes('scheduled') ? 'Batches you schedule for later or for off-peak hours wait here.' : 'Batches show here as soon as you start them.'}
      </EmptyState>
    );
  }
  return <BatchTable batches={items} total={batches.data?.total ?? 0} page={page} size={20} onPage={setPage} label={label} timeColumn={time} />;
}

type Places = NonNullable<ReturnType<typeof useQueueStats>['data']>['places'];

/**
 * The vendor's place in each lane's fair queue: its images waiting their turn, the other shops'
 * waiting work, the part of the lane it gets, its expected pace (its share of the lane's pace over the last
 * minutes, or the configured pace when nothing ended lately), and when a new image of it would start.
 */
function YourPlace({ places }: { places: Places }) {
  if (!places) return null;
  return (
    <Card withBorder radius="md">
      <Title order={2} size="h5">
        Your place in the queue
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Shops with work waiting share each lane by their plan&apos;s weight: yours goes out in turns with theirs, never behind their whole
        backlog.
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table aria-label="Your place in the queue" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Lane</Table.Th>
              <Table.Th scope="col">Yours waiting</Table.Th>
              <Table.Th scope="col">Other shops waiting</Table.Th>
              <Table.Th scope="col">Your share</Table.Th>
              <Table.Th scope="col">Your expected pace</Table.Th>
              <Table.Th scope="col">A new image starts in</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {LANES.map((lane) => {
              const p = places[lane.key];
              if (!p) return null;
              return (
                <Table.Tr key={lane.key} data-testid={`place-${lane.key}`}>
                  <Table.Th scope="row" fw={500}>
                    {lane.label}
                  </Table.Th>
                  <Table.Td data-testid={`place-${lane.key}-waiting`}>{p.waiting ?? 0}</Table.Td>
                  <Table.Td>
                    {p.othersWaiting ?? 0}{' '}
                    {(p.otherVendors ?? 0) > 0 && (
                      <Text span size="xs" c="dimmed">
                        ({p.otherVendors} shop{p.otherVendors === 1 ? '' : 's'})
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td data-testid={`place-${lane.key}-share`}>{percent(p.share)}</Table.Td>
                  <Table.Td>{`${Math.round((p.imagesPerMinute ?? 0) * 10) / 10}/min`}</Table.Td>
                  <Table.Td data-testid={`place-${lane.key}-start`}>{duration(p.expectedStartSeconds)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

