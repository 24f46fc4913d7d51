import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { batchApi, data } from '@/lib/api';

/** One calendar month (UTC) of the vendor's ledger: totals, by model, by day, and this month's budget. */
export function useMonth(month: string) {
  return useQuery({
    queryKey: ['costs', month],
    placeholderData: keepPreviousData,
    queryFn: async () => data(await batchApi.GET('/api/vendor/media/costs', { params: { query: { month } } })),
  });
}

/** Sets the monthly limit (null removes it). */
export function useSetBudget() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (monthlyLimitUsd: number | null) =>
      data(await batchApi.PUT('/api/vendor/media/budget', { body: { monthlyLimitUsd: monthlyLimitUsd ?? undefined } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['costs'] }),
  });
}
