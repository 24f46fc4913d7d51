import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { batchApi, data, type BatchSchemas } from './api';

export type Item = BatchSchemas['ItemView'];

/** One image (single or from a batch); the live stream refetches it when its result arrives. */
export function useItem(id: string | undefined) {
  return useQuery({
    queryKey: ['item', id],
    enabled: !!id,
    queryFn: async () => data(await batchApi.GET('/api/vendor/media/generate/{id}', { params: { path: { id: id! } } })),
  });
}

/** Rates an image 1 to 5 (or takes the rating back with null). */
export function useRateItem() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, rating }: { id: string; rating: number | null }) =>
      rating === null
        ? data(await batchApi.DELETE('/api/vendor/media/generate/{id}/rating', { params: { path: { id } } }))
        : data(await batchApi.PUT('/api/vendor/media/generate/{id}/rating', { params: { path: { id } }, body: { rating } })),
    onSuccess: (item) => {
      if (item?.id) client.setQueryData(['item', item.id], item);
      if (item?.batchId) void client.invalidateQueries({ queryKey: ['batch-items', item.batchId] });
      // an A/B test shows its images' ratings too
      void client.invalidateQueries({ queryKey: ['ab-test'] });
    },
  });
}

/** Starts one image; a new Idempotency-Key per click, so a double click is one image. */
export function useGenerate() {
  return useMutation({
    mutationFn: async ({ body, key }: { body: BatchSchemas['GenerateRequest']; key: string }) =>
      data(await batchApi.POST('/api/vendor/media/generate', { body, headers: { 'Idempotency-Key': key } })),
  });
}

export function isDone(item: Item | undefined) {
  return item?.status === 'completed' || item?.status === 'failed' || item?.status === 'cancelled';
}
