import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createParser } from 'eventsource-parser';
import { accessToken, sessionRefused } from './auth';
import type { BatchSchemas } from './api';

type BatchView = BatchSchemas['BatchView'];

/** One event of the live stream: its type and JSON payload. */
export interface StudioEvent {
  type: string;
  data: {
    batchId?: string;
    itemId?: string;
    counters?: { total: number; completed: number; failed: number; cancelled: number };
    [key: string]: unknown;
  };
}

type Listener = (event: StudioEvent) => void;
export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

interface Stream {
  status: StreamStatus;
  subscribe: (listener: Listener) => () => void;
}

const StreamContext = createContext<Stream | null>(null);

const STATUS_OF: Record<string, BatchView['status']> = {
  'batch.started': 'processing',
  'batch.progress': 'processing',
  'batch.completed': 'completed',
  'batch.failed': 'failed',
  'batch.cancelled': 'cancelled',
  'batch.scheduled': 'scheduled',
};

/**
 * Applies an event to the query cache: a batch's counters and status at once; its item list,
 * the batch lists and the queue figures are refetched, at most once a second each, so a
 * 10,000-item batch does not refetch 10,000 times.
 */
export function applyEvent(client: QueryClient, event: StudioEvent, refetchSoon: (key: unknown[]) => void) {
  const { batchId, itemId, counters } = event.data;
  if (batchId && counters) {
    client.setQueryData<BatchView>(['batch', batchId], (old) =>
      old
        ? {
            ...old,
            status: STATUS_OF[event.type] ?? old.status,
            totalImages: counters.total,
            completedImages: counters.completed,
            failedImages: counters.failed,
            cancelledImages: counters.cancelled,
          }
        : old,
    );
  }
  if (event.type.startsWith('batch.') && batchId) {
    if (event.type !== 'batch.progress') {
      // a batch that ends shows its last images and figures at once, not a second later
      void client.invalidateQueries({ queryKey: ['batch', batchId] });
      void client.invalidateQueries({ queryKey: ['batch-items', batchId] });
    }
    refetchSoon(['batches']);
    refetchSoon(['queue-stats']);
  }
  if (event.type.startsWith('item.')) {
    if (itemId) refetchSoon(['item', itemId]);
    if (batchId) refetchSoon(['batch-items', batchId]);
  }
}

/** The vendor's live event stream (fetch-based SSE: EventSource cannot send a bearer token), one per tab. */
export function EventStreamProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const listeners = useRef(new Set<Listener>());
  const [status, setStatus] = useState<StreamStatus>('connecting');

  useEffect(() => {
    const abort = new AbortController();
    const pending = new Map<string, unknown[]>();
    let lastEventId: string | undefined;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const refetchSoon = (key: unknown[]) => {
      pending.set(JSON.stringify(key), key);
      flushTimer ??= setTimeout(() => {
        flushTimer = undefined;
        pending.forEach((k) => void client.invalidateQueries({ queryKey: k }));
        pending.clear();
      }, 1000);
    };

    const connect = async (attempt: number): Promise<void> => {
      if (abort.signal.aborted) return;
      try {
        const url = '/api/vendor/media/events' + (lastEventId ? `?lastEventId=${encodeURIComponent(lastEventId)}` : '');
        const response = await fetch(url, {
          headers: { Accept: 'text/event-stream', Authorization: `Bearer ${accessToken() ?? ''}` },
          signal: abort.signal,
        });
        if (response.status === 401) {
          sessionRefused();
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        setStatus('live');
        attempt = 0;
        const parser = createParser({
          onEvent(message) {
            if (message.id) lastEventId = message.id;
            if (!message.event) return;
            let data: StudioEvent['data'] = {};
            try {
              data = JSON.parse(message.data);
            } catch {
              return;
            }
            const event = { type: message.event, data };
            if (event.type === 'stream.reset') {
              void client.invalidateQueries();
            }
            applyEvent(client, event, refetchSoon);
            listeners.current.forEach((l) => l(event));
          },
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      setStatus('reconnecting');
      const delay = Math.min(30_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, delay));
      return connect(attempt + 1);
    };
    void connect(0);
    return () => {
      abort.abort();
      if (flushTimer) clearTimeout(flushTimer);
    };
  }, [client]);

  const stream = useRef<Stream>({ status, subscribe: () => () => {} });
  stream.current = {
    status,
    subscribe: (listener) => {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
  };
  return <StreamContext.Provider value={stream.current}>{children}</StreamContext.Provider>;
}

/** The stream's state ("live", ...) and a way to follow its events. */
export function useEventStream(): Stream {
  const stream = useContext(StreamContext);
  if (!stream) throw new Error('useEventStream outside EventStreamProvider');
  return stream;
}

/** Calls the listener for every live event while the component is shown. */
export function useStudioEvents(listener: Listener) {
  const { subscribe } = useEventStream();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => subscribe((e) => latest.current(e)), [subscribe]);
}
