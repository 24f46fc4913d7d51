import { useState } from 'react';
import { Button, Group, SegmentedControl, Skeleton, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { when } from '@/lib/format';
import type { Item } from '@/lib/items';
import { useBatch, useCancelBatch, useDownloadAll, useItemsPage, useRetryBatch } from '../api';
import { BatchProgress } from './BatchProgress';
import { ItemDetail } from './ItemDetail';
import { ItemGrid } from './ItemGrid';

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
