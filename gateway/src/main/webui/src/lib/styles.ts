import { useQuery } from '@tanstack/react-query';
import { styleApi, data, type StyleSchemas } from './api';

export type Style = StyleSchemas['StyleView'];

/** The styles a vendor can apply: the built-in and public ones, then its own. */
export function useStyles() {
  return useQuery({
    queryKey: ['styles'],
    staleTime: 60_000,
    queryFn: async () => {
      const [publicStyles, own] = await Promise.all([
        styleApi.GET('/api/vendor/media/style-presets/public', { params: { query: { size: 100 } } }).then(data),
        styleApi.GET('/api/vendor/media/style-presets', { params: { query: { size: 100 } } }).then(data),
      ]);
      const seen = new Set<string>();
      return [...(publicStyles.items ?? []), ...(own.items ?? [])].filter((s) => s.id && !seen.has(s.id) && seen.add(s.id));
    },
  });
}
