import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { batchApi, data } from '@/lib/api';

/** The seed's QueueStats: depth per lane, speed, success rate, cost (the live stream refreshes it). */
export function useQueueStats() {
  return useQuery({
    queryKey: ['queue-stats'],
    queryFn: async () => data(await batchApi.GET('/api/vendor/media/queue/stats')),
  });
}

/** The vendor's batches in some statuses, newest first, a page at a time. */
export function useBatches(statuses: string[], page: number, size = 20) {
  return useQuery({
    queryKey: ['batches', statuses, page, size],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      data(await batchApi.GET('/api/vendor/media/generate/batch', { params: { query: { status: statuses.join(',') || undefined, page, size } } })),
  });
}

/** The vendor's plan: its weight in the fair queue and its caps. */
export function usePlan() {
  return useQuery({ queryKey: ['plan'], queryFn: async () => data(await batchApi.GET('/api/vendor/media/plan')) });
}
