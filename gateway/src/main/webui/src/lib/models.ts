import { useQuery } from '@tanstack/react-query';
import { batchApi, data, type BatchSchemas } from './api';

export type Model = BatchSchemas['ModelView'];

/** The image models the catalog offers (the same one that validates and prices requests). */
export function useModels() {
  return useQuery({
    queryKey: ['models'],
    queryFn: async () => data(await batchApi.GET('/api/vendor/media/models')),
    staleTime: Infinity,
  });
}

/** The catalog's price of one image, for a model and its parameters (null when unpriced). */
export function pricePerImage(model: Model | undefined, quality?: string, size?: string): number | null {
  const prices = model?.pricePerImageUsd ?? {};
  const byQuality = prices[quality ?? 'medium'] ?? prices.medium;
  if (!byQuality) return null;
  const value = byQuality[size ?? '1024x1024'] ?? byQuality['1024x1024'];
  return value === undefined ? null : Number(value);
}
