import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { data, templateApi, type TemplateSchemas } from '@/lib/api';

export type Listing = TemplateSchemas['Listing'];

/** Browse the marketplace: q in name, description and prompt; sort popular, rating, newest, installs or usage. */
export function useListings(q: string, sort: string, page: number, size = 24) {
  return useQuery({
    queryKey: ['marketplace', q, sort, page, size],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      data(await templateApi.GET('/api/vendor/media/marketplace/templates', { params: { query: { q: q || undefined, sort, page, size } } })),
  });
}

export function useListing(id: string) {
  return useQuery({
    queryKey: ['listing', id],
    queryFn: async () => data(await templateApi.GET('/api/vendor/media/marketplace/templates/{id}', { params: { path: { id } } })),
  });
}

export function useReviews(id: string) {
  return useQuery({
    queryKey: ['listing-reviews', id],
    queryFn: async () =>
      data(await templateApi.GET('/api/vendor/media/marketplace/templates/{id}/reviews', { params: { path: { id }, query: { size: 50 } } })),
  });
}

export function useLeaderboard(period: string, by: string) {
  return useQuery({
    queryKey: ['leaderboard', period, by],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      data(await templateApi.GET('/api/vendor/media/marketplace/leaderboard', { params: { query: { period, by, limit: 20 } } })),
  });
}

export function useMyListings() {
  return useQuery({
    queryKey: ['my-listings'],
    queryFn: async () => data(await templateApi.GET('/api/vendor/media/marketplace/mine')),
  });
}

function useMarketMutation<TArgs, TResult>(run: (args: TArgs) => Promise<TResult>) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      for (const key of ['marketplace', 'listing', 'listing-reviews', 'leaderboard', 'my-listings', 'templates']) {
        void queries.invalidateQueries({ queryKey: [key] });
      }
    },
  });
}

/** Installs a listing into the vendor's library (a copy it owns); answers the new template. */
export function useInstall() {
  return useMarketMutation(
    async (id: string) =>
      data(await templateApi.POST('/api/vendor/media/marketplace/templates/{id}/install', { params: { path: { id } } })) as unknown as { id?: string; name?: string },
  );
}

export function useReview(id: string) {
  return useMarketMutation(async (input: TemplateSchemas['ReviewInput']) =>
    data(await templateApi.PUT('/api/vendor/media/marketplace/templates/{id}/review', { params: { path: { id } }, body: input })),
  );
}

/** Lists one of the vendor's templates. */
export function usePublish() {
  return useMarketMutation(async (templateId: string) =>
    data(await templateApi.POST('/api/vendor/media/marketplace/templates', { body: { templateId } })),
  );
}

/** The author takes its template out of the marketplace. */
export function useUnlist() {
  return useMarketMutation(async (id: string) =>
    data(await templateApi.DELETE('/api/vendor/media/marketplace/templates/{id}', { params: { path: { id } } })),
  );
}

/** Admin only: hides a listing from the marketplace with a reason its author sees, or lists it again. */
export function useModerate(id: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async (hide: { reason: string } | null) =>
      hide
        ? data(await templateApi.POST('/api/vendor/media/marketplace/templates/{id}/hide', { params: { path: { id } }, body: hide }))
        : data(await templateApi.POST('/api/vendor/media/marketplace/templates/{id}/unhide', { params: { path: { id } } })),
    onSuccess: () => {
      queries.invalidateQueries({ queryKey: ['listing', id] });
      queries.invalidateQueries({ queryKey: ['marketplace'] });
    },
  });
}
