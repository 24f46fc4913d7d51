import { Fragment, useState } from 'react';
import { Anchor, Badge, Button, Code, Group, Loader, Modal, Pagination, Paper, SegmentedControl, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconKey, IconSend, IconTrash } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { EmptyState } from '@/components/EmptyState';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { when } from '@/lib/format';
import type { NotificationSchemas } from '@/lib/api';
import { SecretOnce } from './SecretOnce';
import { EventList, SubscriptionState } from './WebhooksPage';
import {
  useDeleteSubscription,
  useDeliveries,
  useDelivery,
  useReplay,
  useRotateSecret,
  useSendTest,
  useSetEnabled,
  useSubscription,
  type Delivery,
} from './api';

const DELIVERY_COLORS: Record<string, string> = { pending: 'blue', succeeded: 'teal', failed: 'red' };

/** One webhook: its state and actions (test, rotate, enable, delete) and its delivery log with attempts and replay. */
export function WebhookPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const subscription = useSubscription(id);
  const sendTest = useSendTest(id);
  const rotate = useRotateSecret(id);
  const setEnabled = useSetEnabled(id);
  const remove = useDeleteSubscription(id);
  const [rotated, setRotated] = useState<NotificationSchemas['RotatedSecret'] | null>(null);

  if (subscription.isPending) return <Loader role="status" aria-label="Loading the webhook" />;
  if (subscription.error || !subscription.data) return <ProblemAlert error={subscription.error} title="Could not load the webhook" />;
  const s = subscription.data;

  const confirmDelete = () =>
    modals.openConfirmModal({
      title: 'Delete this webhook?',
      children: <Text size="sm">{s.url} receives nothing more, and its delivery log goes with it.</Text>,
      labels: { confirm: 'Delete webhook', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(undefined, {
          onSuccess: () => {
            notifications.show({ color: 'teal', message: 'The webhook was deleted.' });
            navigate('/webhooks');
          },
        }),
    });

  return (
    <>
      <Anchor component={Link} to="/webhooks" size="sm">
        ← All webhooks
      </Anchor>
      <PageHeader
        title={s.description || 'Webhook'}
        description={<span style={{ wordBreak: 'break-all' }}>{s.url}</span>}
        actions={
          <>
            <Button
              variant="light"
              leftSection={<IconSend size={16} aria-hidden />}
              loading={sendTest.isPending}
              onClick={() =>
                sendTest.mutate(undefined, { onSuccess: () => notifications.show({ color: 'teal', message: 'A webhook.test event is on its way: see the log below.' }) })
              }
            >
              Send test event
            </Button>
            <Button variant="default" leftSection={<IconKey size={16} aria-hidden />} loading={rotate.isPending} onClick={() => rotate.mutate(undefined, { onSuccess: setRotated })}>
              Rotate secret
            </Button>
            <Button variant="subtle" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={confirmDelete}>
              Delete
            </Button>
          </>
        }
      />
      <ProblemAlert error={sendTest.error ?? rotate.error ?? setEnabled.error ?? remove.error} />
      <Paper withBorder p="md" mb="lg">
        <Group justify="space-between" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              Events
            </Text>
            <EventList types={s.eventTypes} />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              State
            </Text>
            <SubscriptionState subscription={s} />
          </Stack>
          {s.previousSecretExpiresAt && new Date(s.previousSecretExpiresAt) > new Date() && (
            <Stack gap={4}>
              <Text size="sm" c="dimmed">
                Previous secret
              </Text>
              <Text size="sm">also signs until {when(s.previousSecretExpiresAt)}</Text>
            </Stack>
          )}
          <Switch
            label="Deliver events"
            checked={!!s.enabled}
            disabled={setEnabled.isPending}
            onChange={(e) => setEnabled.mutate(e.currentTarget.checked)}
          />
        </Group>
      </Paper>
      <DeliveryLog id={id} />
      <Modal opened={rotated !== null} onClose={() => setRotated(null)} title="New signing secret" size="lg">
        {rotated?.secret && (
          <Stack>
            <SecretOnce secret={rotated.secret}>
              {rotated.previousSecretExpiresAt && (
                <Text size="sm" mt="xs">
                  The previous secret keeps signing until {when(rotated.previousSecretExpiresAt)}, so your endpoint can switch without missing a delivery.
                </Text>
              )}
            </SecretOnce>
            <Group justify="flex-end">
              <Button onClick={() => setRotated(null)}>I have stored it</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

/** The deliveries, newest first, filtered by status; each opens its attempts and payload, and may be sent again. */
function DeliveryLog({ id }: { id: string }) {
  const [status, setStatus] = useState('all');
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const deliveries = useDeliveries(id, status === 'all' ? null : status, page);
  const replay = useReplay(id);
  const items = deliveries.data?.items ?? [];
  const total = deliveries.data?.total ?? 0;

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Delivery log
        </Title>
        <SegmentedControl
          aria-label="Deliveries to show"
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(0);
          }}
          data={[
            { value: 'all', label: 'All' },
            { value: 'pending', label: 'Pending' },
            { value: 'succeeded', label: 'Succeeded' },
            { value: 'failed', label: 'Failed' },
          ]}
        />
      </Group>
      <ProblemAlert error={deliveries.error ?? replay.error} />
      {deliveries.isPending ? (
        <Loader role="status" aria-label="Loading deliveries" />
      ) : items.length === 0 ? (
        <EmptyState icon={<IconSend size={28} />} title={status === 'all' ? 'Nothing delivered yet' : `No ${status} deliveries`}>
          Events appear here as your batches run. Send a test event to try your endpoint now.
        </EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table aria-label="Deliveries" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Last answer</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th aria-label="Actions" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((d) => (
                  <Fragment key={d.id}>
                    <Table.Tr>
                      <Table.Td>
                        <Code>{d.eventType}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={DELIVERY_COLORS[d.status ?? ''] ?? 'gray'} variant="light">
                          {d.status}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{d.attempts}</Table.Td>
                      <Table.Td>
                        <LastAnswer delivery={d} />
                      </Table.Td>
                      <Table.Td>{when(d.createdAt)}</Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap" justify="flex-end">
                          <Button size="compact-sm" variant="subtle" onClick={() => setOpen(open === d.id ? null : d.id!)} aria-expanded={open === d.id}>
                            {open === d.id ? 'Hide' : 'Details'}
                          </Button>
                          <Button
                            size="compact-sm"
                            variant="light"
                            leftSection={<IconArrowBackUp size={14} aria-hidden />}
                            disabled={d.status === 'pending'}
                            loading={replay.isPending && replay.variables === d.id}
                            onClick={() => replay.mutate(d.id!, { onSuccess: () => notifications.show({ color: 'teal', message: `${d.eventType} is sent again.` }) })}
                            aria-label={`Replay ${d.eventType}`}
                          >
                            Replay
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                    {open === d.id && (
                      <Table.Tr>
                        <Table.Td colSpan={6}>
                          <DeliveryDetail id={id} deliveryId={d.id!} attempts={d.attempts} />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {total > 20 && <Pagination total={Math.ceil(total / 20)} value={page + 1} onChange={(p) => setPage(p - 1)} aria-label="Delivery pages" />}
        </>
      )}
    </Stack>
  );
}

function LastAnswer({ delivery }: { delivery: Delivery }) {
  if (delivery.lastStatusCode) return <Text size="sm">HTTP {delivery.lastStatusCode}</Text>;
  if (delivery.lastError)
    return (
      <Text size="sm" c="red" lineClamp={2}>
        {delivery.lastError}
      </Text>
    );
  if (delivery.nextAttemptAt) return <Text size="sm">next try {when(delivery.nextAttemptAt)}</Text>;
  return <Text size="sm">—</Text>;
}

/** Every attempt of a delivery (when, answer, time taken, error) and the exact body that was signed. */
function DeliveryDetail({ id, deliveryId, attempts: tried }: { id: string; deliveryId: string; attempts?: number }) {
  const detail = useDelivery(id, deliveryId, tried);
  if (detail.isPending) return <Loader size="sm" role="status" aria-label="Loading the delivery" />;
  if (detail.error) return <ProblemAlert error={detail.error} />;
  const attempts = detail.data?.attempts ?? [];
  let payload = detail.data?.payload ?? '';
  try {
    payload = JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    // shown as sent
  }
  return (
    <Stack gap="xs">
      <Table aria-label="Attempts" withTableBorder verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Attempt</Table.Th>
            <Table.Th>At</Table.Th>
            <Table.Th>Answer</Table.Th>
            <Table.Th>Took</Table.Th>
            <Table.Th>Error</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {attempts.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={5}>Not tried yet.</Table.Td>
            </Table.Tr>
          ) : (
            attempts.map((a) => (
              <Table.Tr key={a.attempt}>
                <Table.Td>{a.attempt}</Table.Td>
                <Table.Td>{when(a.attemptedAt)}</Table.Td>
                <Table.Td>{a.statusCode ? `HTTP ${a.statusCode}` : '—'}</Table.Td>
                <Table.Td>{a.latencyMs !== undefined ? `${a.latencyMs} ms` : '—'}</Table.Td>
                <Table.Td>{a.error ?? ''}</Table.Td>
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>
      <Text size="sm" fw={500}>
        Payload
      </Text>
      <Code block mah={240} style={{ overflow: 'auto' }} aria-label="Payload">
        {payload}
      </Code>
    </Stack>
  );
}
