import { useMemo, useRef } from 'react';
import { Box, Center, Image, Loader, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { IconAlertCircle, IconBan, IconClock } from '@tabler/icons-react';
import { batchApi, data } from '@/lib/api';
import type { Item } from '@/lib/items';
import { ITEMS_PAGE } from '../api';
import classes from './ItemGrid.module.css';

const TILE = 150;
const GAP = 10;

/**
 * The batch's items as thumbnails, virtualised: only the rows in view (and a few around) are in
 * the DOM, and only their pages of 100 items are fetched, so a 10,000-item batch scrolls smoothly.
 */
export function ItemGrid({ batchId, status, total, onOpen }: { batchId: string; status: string | null; total: number; onOpen: (item: Item) => void }) {
  const { ref: sizer, width } = useElementSize();
  const scroller = useRef<HTMLDivElement>(null);
  const columns = Math.max(1, Math.floor((width + GAP) / (TILE + GAP)));
  const rows = Math.ceil(total / columns);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => TILE + 34 + GAP,
    overscan: 3,
  });
  const virtualRows = virtualizer.getVirtualItems();

  const pages = useMemo(() => {
    if (virtualRows.length === 0) return [0];
    const first = virtualRows[0].index * columns;
    const last = Math.min(total - 1, (virtualRows[virtualRows.length - 1].index + 1) * columns - 1);
    const out: number[] = [];
    for (let p = Math.floor(first / ITEMS_PAGE); p <= Math.floor(Math.max(first, last) / ITEMS_PAGE); p++) out.push(p);
    return out;
  }, [virtualRows, columns, total]);

  const results = useQueries({
    queries: pages.map((page) => ({
      queryKey: ['batch-items', batchId, status, page],
      queryFn: async () =>
        data(await batchApi.GET('/api/vendor/media/generate/batch/{id}/items', { params: { path: { id: batchId }, query: { status: status ?? undefined, page, size: ITEMS_PAGE } } })),
    })),
  });
  const byIndex = new Map<number, Item>();
  results.forEach((r, i) => r.data?.items?.forEach((item, j) => byIndex.set(pages[i] * ITEMS_PAGE + j, item)));

  return (
    <Box ref={sizer}>
      <div
        ref={scroller}
        className={classes.scroller}
        style={{ height: `min(70vh, ${virtualizer.getTotalSize() + 2 * GAP + 2}px)` }}
        role="grid"
        aria-label="Images of this batch"
        aria-rowcount={rows}
        tabIndex={0}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualRows.map((row) => (
            <div
              key={row.key}
              role="row"
              aria-rowindex={row.index + 1}
              className={classes.row}
              style={{ transform: `translateY(${row.start}px)`, gridTemplateColumns: `repeat(${columns}, ${TILE}px)`, gap: GAP }}
            >
              {Array.from({ length: columns }, (_, c) => {
                const index = row.index * columns + c;
                if (index >= total) return null;
                const item = byIndex.get(index);
                return (
                  <div role="gridcell" key={index}>
                    <Tile item={item} index={index} onOpen={onOpen} />
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </Box>
  );
}

function Tile({ item, index, onOpen }: { item: Item | undefined; index: number; onOpen: (item: Item) => void }) {
  return (
    <UnstyledButton className={classes.tile} onClick={() => item && onOpen(item)} data-status={item?.status} disabled={!item}>
      <Box className={classes.thumb}>
        {item?.status === 'completed' && item.thumbnailUrl ? (
          <Image src={item.thumbnailUrl} alt="" loading="lazy" w={TILE} h={TILE} fit="cover" />
        ) : (
          <Center h="100%">
            {!item || item.status === 'processing' ? (
              <Loader size="xs" />
            ) : item.status === 'failed' ? (
              <IconAlertCircle color="var(--mantine-color-red-6)" aria-hidden />
            ) : item.status === 'cancelled' ? (
              <IconBan color="var(--mantine-color-orange-6)" aria-hidden />
            ) : (
              <IconClock color="var(--mantine-color-gray-5)" aria-hidden />
            )}
          </Center>
        )}
      </Box>
      <Text size="xs" lineClamp={1} mt={4} c={item?.status === 'failed' ? 'red.9' : undefined}>
        {index + 1}. {item?.prompt ?? '…'}
      </Text>
      <VisuallyHidden>, {item?.status ?? 'loading'}</VisuallyHidden>
    </UnstyledButton>
  );
}
