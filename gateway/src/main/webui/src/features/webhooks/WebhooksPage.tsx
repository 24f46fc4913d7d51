import { useState } from 'react';
import { Anchor, Badge, Button, Card, Checkbox, Group, Loader, Modal, Pagination, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconWebhook } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { EmptyState } from '@/components/EmptyState';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { when } from '@/lib/format';
import { SecretOnce } from './SecretOnce';
import { useCreateSubscription, useEventTypes, useSubscriptions, type CreatedSubscription, type Subscription } from './api';
import { FormActions } from '@/components/FormActions';

/** The vendor's webhooks: each subscription with its events and state, and a new one with its secret shown once. */
export function WebhooksPage() {
  const [page, setPage] = useState(0);
  const [adding, setAdding] = useState(false);
  const subscriptions = useSubscriptions(page);
  const items = subscriptions.data?.items ?? [];
  const total = subscriptions.data?.total ?? 0;

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Signed HTTP calls to your systems when batches and images change."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
            Add webhook
          </Button>
        }
      />
      <ProblemAlert error={subscriptions.error} title="Could not load your webhooks" />
      {subscriptions.isPending ? (
        <Loader role="status" aria-label="Loading webhooks" />
      ) : items.length === 0 && !subscriptions.error ? (
        <EmptyState
          icon={<IconWebhook size={28} />}
          title="No webhooks yet"
          action={
            <Button variant="light" onClick={() => setAdding(true)}>
              Add your first webhook
            </Button>
          }
        >
          A webhook tells your shop when a batch completes or an image is ready, so nothing has to poll.
        </EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table highlightOnHover aria-label="Webhooks" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Endpoint</Table.Th>
                  <Table.Th>Events</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/webhooks/${s.id}`} fw={500} style={{ wordBreak: 'break-all' }}>
                        {s.url}
                      </Anchor>
                      {s.description && (
                        <Text size="xs" c="dimmed">
                          {s.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <EventList types={s.eventTypes} />
                    </Table.Td>
                    <Table.Td>
                      <SubscriptionState subscription={s} />
                    </Table.Td>
                    <Table.Td>{when(s.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {total > 20 && <Pagination mt="sm" total={Math.ceil(total / 20)} value={page + 1} onChange={(p) => setPage(p - 1)} aria-label="Webhook pages" />}
        </>
      )}
      <Modal opened={adding} onClose={() => setAdding(false)} title="Add a webhook" size="lg">
        {adding && <NewSubscription onDone={() => setAdding(false)} />}
      </Modal>
    </>
  );
}

/** The events a subscription asked for, or "All events" (a subscription that named none was given every type). */
export function EventList({ types }: { types?: string[] }) {
  const known = useEventTypes().data;
  const all = !types || types.length === 0 || (known !== undefined && known.every((t) => types.includes(t)));
  if (all) {
    return (
      <Badge variant="outline" color="gray">
        All events
      </Badge>
    );
  }
  return (
    <Group gap={4}>
      {types.map((t) => (
        <Badge key={t} variant="light" color="gray" tt="none">
          {t}
        </Badge>
      ))}
    </Group>
  );
}

/** Enabled, failing since when, or disabled and why. */
export function SubscriptionState({ subscription }: { subscription: Subscription }) {
  if (!subscription.enabled) {
    return (
      <Stack gap={0}>
        <Badge color="gray" variant="light">
          Disabled
        </Badge>
        {subscription.disabledReason && (
          <Text size="xs" c="dimmed">
            {subscription.disabledReason}
          </Text>
        )}
      </Stack>
    );
  }
  if (subscription.failingSince) {
    return (
      <Stack gap={0}>
        <Badge color="orange" variant="light">
          Failing
        </Badge>
        <Text size="xs" c="dimmed">
          since {when(subscription.failingSince)}
        </Text>
      </Stack>
    );
  }
  return (
    <Badge color="teal" variant="light">
      Enabled
    </Badge>
  );
}

/** The form for a new subscription; once created, its secret (shown once) and the way to its page. */
function NewSubscription({ onDone }: { onDone: () => void }) {
  const navigate = useNavigate();
  const eventTypes = useEventTypes();
  const create = useCreateSubscription();
  const [created, setCreated] = useState<CreatedSubscription | null>(null);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<string[]>([]);
  const [urlError, setUrlError] = useState<string | null>(null);

  if (created) {
    return (
      <Stack>
        <Text size="sm">
          <Text span fw={600}>
            {created.url}
          </Text>{' '}
          now receives {created.eventTypes?.length ? `${created.eventTypes.length} event type(s)` : 'every event'}.
        </Text>
        <SecretOnce secret={created.secret} />
        <Group justify="flex-end">
          <Button
            onClick={() => {
              onDone();
              navigate(`/webhooks/${created.id}`);
            }}
          >
            I have stored it: open the webhook
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!/^https?:\/\/\S+$/.test(url.trim())) {
          setUrlError('An http:// or https:// address your server answers on');
          return;
        }
        create.mutate({ url: url.trim(), description: description.trim() || undefined, eventTypes: types }, { onSuccess: (s) => setCreated(s) });
      }}
      noValidate
    >
      <Stack>
        <TextInput label="Endpoint URL" placeholder="https://shop.example.com/hooks/studio" required
          value={url}
          error={urlError}
          onChange={(e) => {
            setUrl(e.currentTarget.value);
            setUrlError(null);
          }}
        />
        <TextInput label="Description" placeholder="Order system (optional)" maxLength={200} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <Checkbox.Group label="Events" description="Leave all unticked to receive every event, including those added later." value={types} onChange={setTypes}>
          {eventTypes.isPending ? (
            <Loader size="sm" role="status" aria-label="Loading event types" />
          ) : (
            <Card withBorder padding="sm" mt={6}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6}>
                {(eventTypes.data ?? []).map((t) => (
                  <Checkbox key={t} value={t} label={t} />
                ))}
              </SimpleGrid>
            </Card>
          )}
        </Checkbox.Group>
        <ProblemAlert error={create.error} title="Could not add the webhook" />
        <FormActions submit="Add webhook" onCancel={onDone} loading={create.isPending} />
      </Stack>
    </form>
  );
}
