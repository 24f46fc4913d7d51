import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { batchApi, data, type BatchSchemas } from '@/lib/api';

export type AbTest = BatchSchemas['TestView'];
export type Variant = BatchSchemas['Variant'];
export type CreateTest = BatchSchemas['CreateTest'];

const finished = (test: AbTest | undefined) =>
  (test?.variants ?? []).length > 0 && (test?.variants ?? []).every((v) => v.image?.status === 'completed' || v.image?.status === 'failed');

/** One test with fresh image links, asked again every second until each of its images has ended. */
export function useAbTest(id: string) {
  return useQuery({
    queryKey: ['ab-test', id],
    queryFn: async () => data(await batchApi.GET('/api/vendor/media/generate/variations/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (finished(query.state.data) ? false : 1000),
  });
}

/** Which settings win among the vendor's tests of the last 90 days. */
export function useAbStats() {
  return useQuery({
    queryKey: ['ab-stats'],
    queryFn: async () => data(await batchApi.GET('/api/vendor/media/generate/variations/stats', { params: { query: {} } })),
  });
}

export function useStartTest() {
  return useMutation({
    mutationFn: async (test: CreateTest) =>
      data(await batchApi.POST('/api/vendor/media/generate/variations', { body: test })) as unknown as AbTest,
  });
}

export function usePickWinner(id: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async (itemId: string) =>
      data(await batchApi.POST('/api/vendor/media/generate/variations/{id}/winner', { params: { path: { id } }, body: { itemId } })),
    onSuccess: (test) => {
      queries.setQueryData(['ab-test', id], test);
      queries.invalidateQueries({ queryKey: ['ab-stats'] });
    },
  });
}

export { finished };

const QUALITY: Record<string, string> = { low: 'Low', medium: 'Standard', high: 'HD' };

/** A variation's settings in words: its style by name, its quality and any other parameter or tuning. */
export function describeSettings(settings: Record<string, unknown> | undefined, styleName: (id: string) => string | undefined): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(settings ?? {})) {
    if (key === 'styleId' && typeof value === 'string') parts.push(`Style: ${styleName(value) ?? 'another style'}`);
    else if ((key === 'parameters' || key === 'tuning') && value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        parts.push(k === 'quality' ? `Quality: ${QUALITY[String(v)] ?? String(v)}` : `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
      }
    } else parts.push(`${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  }
  return parts.join(' · ') || 'Default settings';
}
