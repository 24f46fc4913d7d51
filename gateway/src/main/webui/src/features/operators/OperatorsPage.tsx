import { useState } from 'react';
import { Badge, Button, Card, Code, Drawer, Group, Loader, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAdjustments, IconPlayerPlay } from '@tabler/icons-react';
import { Figure } from '@/components/Figure';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { when } from '@/lib/format';
import { useFleet, useOutboxDeadLetters, usePlatformQueue, useReplayDeadLetter, useResume, useSetVendorPlan, useVendorPlan, type PlanOverrides, type VendorPlan } from './api';
import { FormActions } from '@/components/FormActions';

const LANES = [
  { key: 'interactive', label: 'Interactive' },
  { key: 'standard', label: 'Standard' },
  { key: 'bulk', label: 'Bulk' },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The operators' view (admin role): the fleet's providers by model with their pauses and a resume,
 * each lane's depth across every vendor, the dead letters, the largest backlogs, and any vendor's plan.
 */
export function OperatorsPage() {
  const fleet = useFleet();
  const queue = usePlatformQueue();
  const [planOf, setPlanOf] = useState<string | null>(null);
  const models = fleet.data?.models ?? [];
  const paused = models.filter((m) => m.paused).length;
  const lanes = queue.data?.lanes ?? {};
  const waiting = Object.values(lanes).reduce((sum, l) => sum + (l.waiting ?? 0), 0);
  const inKafka = Object.values(fleet.data?.lag ?? {}).reduce((sum, n) => sum + n, 0);

  return (
    <>
      <PageHeader title="Operators" description="The platform as a whole: the fleet's providers, each lane's queue across every vendor, dead letters and plans." />
      <ProblemAlert error={fleet.error} title="Could not load the fleet's state" />
      <ProblemAlert error={queue.error} title="Could not load the queue" />
      {fleet.isPending || queue.isPending ? (
        <Loader role="status" aria-label="Loading the platform's state" />
      ) : (
        <Stack gap="lg">
          <Card withBorder radius="md">
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <Figure label="Provider" value={fleet.data?.provider ?? '—'} testId="figure-provider" hint={`${fleet.data?.inFlight ?? 0} calls open on the replica that answered`} />
              <Figure label="Models paused" value={String(paused)} color={paused > 0 ? 'red.9' : undefined} testId="figure-paused" hint={`of ${models.length} called`} />
              <Figure label="Waiting their turn" value={waiting.toLocaleString()} testId="figure-waiting" hint={`${inKafka.toLocaleString()} released to the workers, not finished`} />
              <Figure
                label="Dead letters"
                value={String(fleet.data?.deadLetters ?? '—')}
                color={(fleet.data?.deadLetters ?? 0) > 0 ? 'red.9' : undefined}
                testId="figure-dead-letters"
                hint="jobs no worker could read (studio.generation.dlq); the outboxes' below"
              />
            </SimpleGrid>
          </Card>

          <Card withBorder radius="md">
            <Title order={2} size="h4" mb="sm">
              Lanes
            </Title>
            <Table.ScrollContainer minWidth={720}>
              <Table aria-label="Lanes" verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Lane</Table.Th>
                    <Table.Th ta="right">Waiting their turn</Table.Th>
                    <Table.Th ta="right">Vendors with work</Table.Th>
                    <Table.Th ta="right">In the fleet</Table.Th>
                    <Table.Th ta="right">In Kafka, not finished</Table.Th>
                    <Table.Th ta="right">Images a minute</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {LANES.map(({ key, label }) => (
                    <Table.Tr key={key}>
                      <Table.Td fw={500}>{label}</Table.Td>
                      <Table.Td ta="right">{(lanes[key]?.waiting ?? 0).toLocaleString()}</Table.Td>
                      <Table.Td ta="right">{lanes[key]?.vendorsWaiting ?? 0}</Table.Td>
                      <Table.Td ta="right">{(lanes[key]?.inFleet ?? 0).toLocaleString()}</Table.Td>
                      <Table.Td ta="right">{(fleet.data?.lag?.[key] ?? 0).toLocaleString()}</Table.Td>
                      <Table.Td ta="right">{lanes[key]?.imagesPerMinute ?? 0}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text size="xs" c="dimmed" mt="xs">
              Waiting: jobs in the fair queue, released vendor by vendor as the fleet drains. {queue.data?.scheduled ?? 0} images of scheduled
              batches wait for their time.
            </Text>
          </Card>

          <Providers />

          <OutboxDeadLetters />

          <Card withBorder radius="md">
            <Group justify="space-between" align="flex-end" mb="sm">
              <Title order={2} size="h4">
                Largest backlogs
              </Title>
              <VendorLookup onOpen={setPlanOf} />
            </Group>
            {(queue.data?.vendors ?? []).length === 0 ? (
              <Text c="dimmed">No vendor has work waiting.</Text>
            ) : (
              <Table.ScrollContainer minWidth={720}>
                <Table aria-label="Largest backlogs" verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Vendor</Table.Th>
                      <Table.Th>Lane</Table.Th>
                      <Table.Th ta="right">Waiting</Table.Th>
                      <Table.Th>Plan</Table.Th>
                      <Table.Th ta="right">Weight</Table.Th>
                      <Table.Th ta="right">Share of the lane</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {(queue.data?.vendors ?? []).map((v) => (
                      <Table.Tr key={`${v.vendorId}:${v.lane}`}>
                        <Table.Td>
                          <Code>{v.vendorId}</Code>
                        </Table.Td>
                        <Table.Td>{v.lane}</Table.Td>
                        <Table.Td ta="right">{(v.waiting ?? 0).toLocaleString()}</Table.Td>
                        <Table.Td>{v.plan}</Table.Td>
                        <Table.Td ta="right">{v.weight}</Table.Td>
                        <Table.Td ta="right">{Math.round((v.share ?? 0) * 100)}%</Table.Td>
                        <Table.Td ta="right">
                          <Button size="xs" variant="light" leftSection={<IconAdjustments size={14} aria-hidden />} onClick={() => setPlanOf(v.vendorId ?? null)}
                            aria-label={`Plan of ${v.vendorId}`}>
                            Plan
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Card>
        </Stack>
      )}
      <Drawer opened={planOf !== null} onClose={() => setPlanOf(null)} position="right" size="md" title="Vendor plan">
        {planOf && <PlanEditor vendorId={planOf} onDone={() => setPlanOf(null)} />}
      </Drawer>
    </>
  );
}

function Providers() {
  const fleet = useFleet();
  const resume = useResume();
  const models = fleet.data?.models ?? [];
  return (
    <Card withBorder radius="md">
      <Title order={2} size="h4" mb="sm">
        Providers by model
      </Title>
      <ProblemAlert error={resume.error} title="The provider was not resumed" />
      {models.length === 0 ? (
        <Text c="dimmed">The fleet has not called a provider yet.</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table aria-label="Providers by model" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Model</Table.Th>
                <Table.Th>Account</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                  Limit a minute
                </Table.Th>
                <Table.Th>Changed</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {models.map((m) => (
                <Table.Tr key={`${m.account}:${m.model}`}>
                  <Table.Td fw={500} style={{ whiteSpace: 'nowrap' }}>
                    {m.model}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{m.account || '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    {m.paused ? (
                      <Group gap={6}>
                        <Badge color="red" variant="light">
                          Paused
                        </Badge>
                        <Text size="sm">
                          until {when(m.pausedUntil)}
                          {m.pauseReason ? `: ${m.pauseReason}` : ''}
                        </Text>
                      </Group>
                    ) : (
                      <Badge color="teal" variant="light">
                        Running
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{m.learnedPerMinute ?? '—'}</Table.Td>
                  <Table.Td>{when(m.updatedAt)}</Table.Td>
                  <Table.Td ta="right">
                    {m.paused && (
                      <Button
                        size="xs"
                        variant="light"
                        leftSection={<IconPlayerPlay size={14} aria-hidden />}
                        loading={resume.isPending && resume.variables === m.model}
                        onClick={() => resume.mutate(m.model, { onSuccess: () => notifications.show({ message: `${m.model} resumed: the fleet calls it again` }) })}
                        aria-label={`Resume: ${m.model}`}
                      >
                        Resume
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

/** Each service's outbox events Kafka refused for good, with a replay once the cause is mended. */
function OutboxDeadLetters() {
  const listings = useOutboxDeadLetters();
  const replay = useReplayDeadLetter();
  const rows = (listings.data ?? []).flatMap((l) => (l.newest ?? []).map((d) => ({ ...d, service: l.service ?? '' })));
  return (
    <Card withBorder radius="md">
      <Title order={2} size="h4" mb="xs">
        Outbox dead letters
      </Title>
      <ProblemAlert error={listings.error} title="Could not load the dead letters" />
      <ProblemAlert error={replay.error} title="The event was not sent again" />
      <Group gap="xl" mb="sm">
        {(listings.data ?? []).map((l) => (
          <Figure key={l.service} label={l.service ?? ''} value={String(l.count ?? 0)} color={(l.count ?? 0) > 0 ? 'red.9' : undefined}
            testId={`dead-letters-${l.service}`} />
        ))}
      </Group>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          No service holds an event Kafka refused.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table aria-label="Outbox dead letters" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Service</Table.Th>
                <Table.Th>Topic</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th>Kafka said</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{d.service}</Table.Td>
                  <Table.Td>{d.topic}</Table.Td>
                  <Table.Td>{d.type}</Table.Td>
                  <Table.Td ta="right">{(d.payloadBytes ?? 0).toLocaleString()} B</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2} title={d.reason}>
                      {d.reason}
                    </Text>
                  </Table.Td>
                  <Table.Td>{when(d.deadLetteredAt)}</Table.Td>
                  <Table.Td ta="right">
                    <Button size="xs" variant="light" loading={replay.isPending && replay.variables?.id === d.id}
                      onClick={() => replay.mutate({ service: d.service, id: d.id! }, { onSuccess: () => notifications.show({ message: `${d.type} sent again through ${d.service}'s outbox` }) })}
                      aria-label={`Send again: ${d.type} ${d.id}`}>
                      Send again
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

/** Opens any vendor's plan by its id (a vendor with no work waiting is not in the backlog list). */
function VendorLookup({ onOpen }: { onOpen: (vendorId: string) => void }) {
  const [id, setId] = useState('');
  const valid = UUID.test(id.trim());
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onOpen(id.trim());
      }}
    >
      <Group gap="xs" align="flex-end">
        <TextInput label="Vendor id" placeholder="a vendor's UUID" value={id} onChange={(e) => setId(e.currentTarget.value)} w={320}
          error={id.trim() && !valid ? 'A vendor id is a UUID' : undefined} />
        <Button type="submit" variant="default" disabled={!valid}>
          Open plan
        </Button>
      </Group>
    </form>
  );
}

type Field = keyof Omit<PlanOverrides, 'plan'>;

const FIGURES: { key: Field; label: string; current: (p: VendorPlan) => number | undefined; min: number; decimal?: boolean }[] = [
  { key: 'weight', label: 'Weight in the fair queue', current: (p) => p.weight, min: 0.01, decimal: true },
  { key: 'maxQueuedItems', label: 'Images queued at most', current: (p) => p.maxQueuedItems, min: 1 },
  { key: 'maxRunningBatches', label: 'Batches running at once', current: (p) => p.maxRunningBatches, min: 1 },
  { key: 'requestsPerMinute', label: 'API requests a minute', current: (p) => p.requestRates?.api?.requestsPerMinute, min: 1 },
  { key: 'burst', label: 'API burst', current: (p) => p.requestRates?.api?.burst, min: 0 },
];

/** A vendor's plan and the figures an admin sets instead of the plan's; an empty field means the plan's own. */
function PlanEditor({ vendorId, onDone }: { vendorId: string; onDone: () => void }) {
  const plan = useVendorPlan(vendorId);
  if (plan.isPending) return <Loader role="status" aria-label="Loading the plan" />;
  if (plan.error || !plan.data) return <ProblemAlert error={plan.error} title="Could not load the plan" />;
  return <PlanForm key={JSON.stringify(plan.data.overrides)} plan={plan.data} onDone={onDone} />;
}

function PlanForm({ plan, onDone }: { plan: VendorPlan; onDone: () => void }) {
  const save = useSetVendorPlan(plan.vendorId ?? '');
  const [name, setName] = useState(plan.overrides?.plan ?? '');
  const [figures, setFigures] = useState<Partial<Record<Field, number | ''>>>(() =>
    Object.fromEntries(FIGURES.map((f) => [f.key, plan.overrides?.[f.key] ?? ''])),
  );
  const fieldErrors = Object.fromEntries(
    ((save.error as { problem?: { errors?: { field?: string; message: string }[] } } | null)?.problem?.errors ?? []).map((e) => [
      (e.field ?? '').split('.').pop(),
      e.message,
    ]),
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const body: PlanOverrides = { plan: name.trim() || undefined };
        for (const f of FIGURES) {
          const v = figures[f.key];
          if (v !== '' && v !== undefined) (body as Record<string, unknown>)[f.key] = v;
        }
        save.mutate(body, {
          onSuccess: (saved) => {
            notifications.show({ message: `Plan saved: ${saved.plan}, weight ${saved.weight}` });
            onDone();
          },
        });
      }}
    >
      <Stack>
        <Text size="sm">
          Vendor <Code>{plan.vendorId}</Code> is on <b>{plan.plan}</b>. Leave a field empty to use the plan's figure.
        </Text>
        <ProblemAlert error={save.error} title="The plan was not saved" />
        <TextInput label="Plan" description="A plan named in the configuration; empty: the default plan" placeholder={plan.plan} value={name}
          onChange={(e) => setName(e.currentTarget.value)} error={fieldErrors.plan} />
        {FIGURES.map((f) => (
          <NumberInput
            key={f.key}
            label={f.label}
            description={`In force: ${f.current(plan) ?? 'the services\u2019 default'}`}
            min={f.min}
            decimalScale={f.decimal ? 2 : 0}
            value={figures[f.key] ?? ''}
            onChange={(v) => setFigures((all) => ({ ...all, [f.key]: typeof v === 'number' ? v : '' }))}
            error={fieldErrors[f.key]}
          />
        ))}
        <FormActions submit="Save plan" onCancel={onDone} loading={save.isPending} />
      </Stack>
    </form>
  );
}
