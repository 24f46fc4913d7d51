import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { data, styleApi, type StyleSchemas } from '@/lib/api';

export type GalleryEntry = StyleSchemas['GalleryEntry'];
export type Composition = StyleSchemas['Composition'];
export type MixPart = StyleSchemas['MixPartInput'];
export type StyleInput = StyleSchemas['StyleInput'];
export type MixInput = StyleSchemas['MixInput'];
export type Style = StyleSchemas['StyleView'];

/** The styles the vendor may use, public first, each with its newest previews; a page at a time. */
export function useGallery(page: number, size = 24) {
  return useQuery({
    queryKey: ['style-gallery', page, size],
    placeholderData: keepPreviousData,
    queryFn: async () => data(await styleApi.GET('/api/vendor/media/style-presets/gallery', { params: { query: { page, size } } })),
  });
}

/**
 * What a mix makes of a sample prompt for the default model: the composed prompt, how each setting
 * was applied and the styles' conflicts. Composing stores nothing, so it is a query.
 */
export function useComposition(prompt: string, mix: MixPart[] | null) {
  return useQuery({
    queryKey: ['style-compose', prompt, mix],
    enabled: mix !== null && prompt.trim().length > 0,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      data(await styleApi.POST('/api/vendor/media/style-presets/compose', { body: { prompts: [prompt], mix: mix ?? undefined } })),
  });
}

/** Every change to the vendor's styles refreshes the lists that show them (here and in the batch generator). */
function useStyleMutation<TArgs, TResult>(run: (args: TArgs) => Promise<TResult>) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      queries.invalidateQueries({ queryKey: ['style-gallery'] });
      queries.invalidateQueries({ queryKey: ['styles'] });
    },
  });
}

export function useSaveMix() {
  return useStyleMutation(async (mix: MixInput) => data(await styleApi.POST('/api/vendor/media/style-presets/mixes', { body: mix })));
}

export function useCreateStyle() {
  return useStyleMutation(async (style: StyleInput) => data(await styleApi.POST('/api/vendor/media/style-presets', { body: style })));
}

/** Draws a style's previews through the normal pipeline (a small batch of sample products); answers the batch. */
export function useDrawPreviews() {
  return useStyleMutation(async (id: string) =>
    data(await styleApi.POST('/api/vendor/media/style-presets/{id}/previews', { params: { path: { id } } })) as unknown as { batchId?: string },
  );
}

/** Changes one of the vendor's own styles (a public one: admins only). */
export function useUpdateStyle() {
  return useStyleMutation(async ({ id, style }: { id: string; style: StyleInput }) =>
    data(await styleApi.PUT('/api/vendor/media/style-presets/{id}', { params: { path: { id } }, body: style })),
  );
}

export function useDeleteStyle() {
  return useStyleMutation(async (id: string) => data(await styleApi.DELETE('/api/vendor/media/style-presets/{id}', { params: { path: { id } } })));
}

/** Admin only: previews for every public style that has none, each a small batch through the normal pipeline. */
export function useDrawMissingPreviews() {
  return useStyleMutation(async () => data(await styleApi.POST('/api/vendor/media/style-presets/previews')) as unknown as unknown[]);
}
