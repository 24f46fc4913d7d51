import { useState } from 'react';
import { Button, Group, Modal, Radio, SegmentedControl, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconCalendarClock, IconDownload, IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { when } from '@/lib/format';
import type { Item } from '@/lib/items';
import { useBatch, useCancelBatch, useDownloadAll, useItemsPage, useReschedule, useRetryBatch } from '../api';
import { BatchProgress } from './BatchProgress';
import { ItemDetail } from './ItemDetail';
import { ItemGrid } from './ItemGrid';
import { FormActions } from '@/components/FormActions';

const FILTERS = [
  { value: 'all', label: 'All' },
  { value: 'completed', label: 'Completed' },
  { value: 'failed', label: 'Failed' },
  { value: 'pending', label: 'Waiting' },
  { value: 'processing', label: 'Generating' },
  { value: 'cancelled', label: 'Cancelled' },
];

/** A batch, live: progress and counters from the event stream, its images, and what can be done with them. */
export function BatchPage() {
  const { id } = useParams();
  const batch = useBatch(id);
  const [filter, setFilter] = useState('all');
  const status = filter === 'all' ? null : filter;
  const firstPage = useItemsPage(id!, status, 0, !!id);
  const [open, setOpen] = useState<Item | null>(null);
  const cancel = useCancelBatch();
  const retry = useRetryBatch();
  const download = useDownloadAll();
  const [moving, setMoving] = useState(false);

  if (batch.isPending) return <Skeleton h={400} radius="md" />;
  if (batch.error || !batch.data) return <ProblemAlert error={batch.error} title="This batch could not be opened" />;
  const b = batch.data;
  const ended = ['completed', 'failed', 'cancelled'].includes(b.status ?? '');
  const total = status ? firstPage.data?.total ?? 0 : b.totalImages ?? 0;

  const confirmCancel = () =>
    modals.openConfirmModal({
      title: 'Cancel this batch?',
      children: <Text size="sm">Images not yet made are cancelled and cost nothing; the ones already made stay.</Text>,
      labels: { confirm: 'Cancel the batch', cancel: 'Keep it running' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        cancel.mutate(b.id!, {
          onSuccess: (c) => notifications.show({ color: 'orange', message: `Cancelled: ${c?.cancelledImages ?? 0} image(s) will not be made.` }),
          onError: (e) => notifications.show({ color: 'red', title: 'Not cancelled', message: e.message }),
        }),
    });

  return (
    <>
      <PageHeader
        title={b.name || 'Batch'}
        description={`Started ${when(b.createdAt)}${b.scheduledFor && b.status === 'scheduled' ? ` · scheduled for ${when(b.scheduledFor)}` : ''}${b.completedAt ? ` · finished ${when(b.completedAt)}` : ''}`}
        actions={
          <>
            {b.status === 'scheduled' && (
              <Button variant="light" leftSection={<IconCalendarClock size={16} aria-hidden />} onClick={() => setMoving(true)}>
                Move
              </Button>
            )}
            <Button
              variant="light"
              leftSection={<IconRefresh size={16} aria-hidden />}
              disabled={!b.failedImages || b.status === 'cancelled'}
              loading={retry.isPending}
              onClick={() =>
                retry.mutate(b.id!, {
                  onSuccess: (r) => notifications.show({ color: 'teal', message: `${r?.retriedItems} failed image(s) are queued again.` }),
                  onError: (e) => notifications.show({ color: 'red', title: 'Not retried', message: e.message }),
                })
              }
            >
              Retry failed
            </Button>
            <Button variant="light" color="red" leftSection={<IconPlayerStop size={16} aria-hidden />} disabled={ended} loading={cancel.isPending} onClick={confirmCancel}>
              Cancel
            </Button>
            <Button
              leftSection={<IconDownload size={16} aria-hidden />}
              disabled={!b.completedImages}
              loading={download.isPending}
              onClick={() => download.mutate(b.id!, { onError: (e) => notifications.show({ color: 'red', title: 'No download', message: e.message }) })}
            >
              Download all
            </Button>
          </>
        }
      />
      {moving && <MoveSchedule id={b.id!} scheduledFor={b.scheduledFor} onClose={() => setMoving(false)} />}
      <Stack gap="md">
        <BatchProgress batch={b} />
        <Group justify="space-between">
          <SegmentedControl aria-label="Show images" value={filter} onChange={setFilter} data={FILTERS} />
          <Text size="sm" c="dimmed">
            {total} image{total === 1 ? '' : 's'}
          </Text>
        </Group>
        <ProblemAlert error={firstPage.error} title="The images could not be loaded" />
        {total === 0 && !firstPage.isPending ? (
          <Text c="dimmed" ta="center" py="xl">
            No images {status ? `are ${FILTERS.find((f) => f.value === status)?.label.toLowerCase()}` : 'yet'}.
          </Text>
        ) : (
          <ItemGrid batchId={b.id!} status={status} total={total} onOpen={setOpen} />
        )}
      </Stack>
      <ItemDetail item={open} onClose={() => setOpen(null)} />
    </>
  );
}

/** A local date and time as a datetime-local field writes it (no seconds). */
function localInput(instant?: string) {
  const d = instant ? new Date(instant) : new Date(Date.now() + 3600_000);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** Moves a scheduled batch to another time, or to the vendor's next off-peak window. */
function MoveSchedule({ id, scheduledFor, onClose }: { id: string; scheduledFor?: string; onClose: () => void }) {
  const move = useReschedule();
  const [to, setTo] = useState<'at' | 'off-peak'>('at');
  const [at, setAt] = useState(localInput(scheduledFor));
  return (
    <Modal opened onClose={onClose} title="Move the scheduled batch">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          move.mutate(
            { id, scheduledFor: to === 'at' ? new Date(at).toISOString() : undefined, offPeak: to === 'off-peak' },
            {
              onSuccess: (b) => {
                notifications.show({ message: `The batch now starts ${when(b?.scheduledFor)}` });
                onClose();
              },
            },
          );
        }}
      >
        <Stack>
          <ProblemAlert error={move.error} title="The batch was not moved" />
          <Radio.Group label="Start" value={to} onChange={(v) => setTo(v as 'at' | 'off-peak')}>
            <Group mt={4}>
              <Radio value="at" label="At a time" />
              <Radio value="off-peak" label="In the next off-peak hours" />
            </Group>
          </Radio.Group>
          {to === 'at' && <TextInput type="datetime-local" label="Start at (your local time)" required value={at} onChange={(e) => setAt(e.currentTarget.value)} />}
          <FormActions submit="Move batch" onCancel={onClose} cancel="Keep the time" loading={move.isPending} disabled={to === 'at' && !at} />
        </Stack>
      </form>
    </Modal>
  );
}
