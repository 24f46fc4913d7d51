import { useState } from 'react';
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Figure } from '@/components/Figure';
import { ProblemAlert } from '@/components/ProblemAlert';
import { useOffPeakWindow, useSetOffPeakWindow, type OffPeakWindow } from '@/features/batches/api';
import { usePlan } from './api';

/** The vendor's plan (its share of the fleet and its caps) and its off-peak hours, where off-peak batches wait to start. */
export function PlanAndWindow() {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <YourPlan />
      <OffPeakHours />
    </SimpleGrid>
  );
}

function YourPlan() {
  const plan = usePlan();
  const p = plan.data;
  return (
    <Card withBorder radius="md">
      <Title order={2} size="h5" mb="xs">
        Your plan{p?.plan ? `: ${p.plan}` : ''}
      </Title>
      <ProblemAlert error={plan.error} title="Could not load your plan" />
      {p && (
        <SimpleGrid cols={3}>
          <Figure label="Weight" value={p.weight ?? 1} hint="your share beside other shops' weights" testId="plan-weight" />
          <Figure label="Images queued" value={(p.maxQueuedItems ?? 0).toLocaleString('en-US')} hint="at most, not yet made" testId="plan-max-queued" />
          <Figure label="Batches at once" value={p.maxRunningBatches ?? 0} hint="running at most" testId="plan-max-running" />
        </SimpleGrid>
      )}
    </Card>
  );
}

function OffPeakHours() {
  const window = useOffPeakWindow();
  const [editing, setEditing] = useState(false);
  const w = window.data;
  return (
    <Card withBorder radius="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          Off-peak hours
        </Title>
        {w && !editing && (
          <Button size="xs" variant="light" onClick={() => setEditing(true)}>
            Change
          </Button>
        )}
      </Group>
      <ProblemAlert error={window.error} title="Could not load your off-peak hours" />
      {w && !editing && (
        <Stack gap={4}>
          <Text data-testid="off-peak-window">
            {w.start} to {w.end} ({w.timeZone})
          </Text>
          <Group gap="xs">
            {w.platformDefault && (
              <Badge variant="light" color="gray">
                The platform&apos;s
              </Badge>
            )}
            <Text size="xs" c="dimmed">
              Batches scheduled for off-peak hours start in this window.
            </Text>
          </Group>
        </Stack>
      )}
      {w && editing && <WindowForm window={w} onDone={() => setEditing(false)} />}
    </Card>
  );
}

function WindowForm({ window, onDone }: { window: OffPeakWindow; onDone: () => void }) {
  const save = useSetOffPeakWindow();
  const [start, setStart] = useState(window.start ?? '22:00');
  const [end, setEnd] = useState(window.end ?? '06:00');
  const [timeZone, setTimeZone] = useState(window.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const done = (message: string) => {
    notifications.show({ message });
    onDone();
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ start, end, timeZone }, { onSuccess: (w) => done(`Off-peak hours: ${w.start} to ${w.end} (${w.timeZone})`) });
      }}
    >
      <Stack gap="xs">
        <ProblemAlert error={save.error} title="The window was not saved" />
        <Group grow>
          <TextInput type="time" label="From" required value={start} onChange={(e) => setStart(e.currentTarget.value)} />
          <TextInput type="time" label="To" required value={end} onChange={(e) => setEnd(e.currentTarget.value)} />
        </Group>
        <TextInput label="Time zone" description="An IANA zone, for example Europe/Berlin" required value={timeZone}
          onChange={(e) => setTimeZone(e.currentTarget.value)} />
        <Group justify="space-between">
          {!window.platformDefault ? (
            <Button variant="subtle" loading={save.isPending} onClick={() => save.mutate(null, { onSuccess: () => done("Back to the platform's off-peak hours") })}>
              Use the platform&apos;s
            </Button>
          ) : (
            <span />
          )}
          <Group gap="xs">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save hours
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
