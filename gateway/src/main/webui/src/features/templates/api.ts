import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { templateApi, data, type TemplateSchemas } from '@/lib/api';

export type Template = TemplateSchemas['TemplateView'];
export type TemplateInput = TemplateSchemas['TemplateInput'];
export type Scope = 'mine' | 'public';

export interface LibraryFilter {
  scope: Scope;
  q?: string;
  category?: string;
  style?: string;
  sort?: 'name' | 'recent' | 'usage' | 'success';
}

const PAGE_SIZE = 24;

/** The library, a page at a time as the vendor scrolls. */
export function useTemplateLibrary(filter: LibraryFilter) {
  return useInfiniteQuery({
    queryKey: ['templates', filter],
    initialPageParam: 0,
    placeholderData: keepPreviousData,
    queryFn: async ({ pageParam }) => {
      const query = {
        q: filter.q || undefined,
        category: filter.category || undefined,
        style: filter.style || undefined,
        sort: filter.sort,
        page: pageParam,
        size: PAGE_SIZE,
      };
      return filter.scope === 'mine'
        ? data(await templateApi.GET('/api/vendor/media/prompt-templates', { params: { query } }))
        : data(await templateApi.GET('/api/vendor/media/prompt-templates/public', { params: { query } }));
    },
    getNextPageParam: (last) => ((last.page ?? 0) + 1) * (last.size ?? PAGE_SIZE) < (last.total ?? 0) ? (last.page ?? 0) + 1 : undefined,
  });
}

/** How many templates the vendor has in its library (made, forked or installed), for the usage metrics. */
export function useTemplateCount() {
  return useQuery({
    queryKey: ['templates', 'count'],
    queryFn: async () => data(await templateApi.GET('/api/vendor/media/prompt-templates', { params: { query: { size: 1 } } })).total ?? 0,
  });
}

export function useTemplate(id: string | undefined) {
  return useQuery({
    queryKey: ['template', id],
    enabled: !!id,
    queryFn: async () => data(await templateApi.GET('/api/vendor/media/prompt-templates/{id}', { params: { path: { id: id! } } })),
  });
}

export function useTemplateVersions(id: string | undefined) {
  return useQuery({
    queryKey: ['template', id, 'versions'],
    enabled: !!id,
    queryFn: async () => data(await templateApi.GET('/api/vendor/media/prompt-templates/{id}/versions', { params: { path: { id: id! } } })),
  });
}

export function useTemplateStats(id: string | undefined) {
  return useQuery({
    queryKey: ['template', id, 'stats'],
    enabled: !!id,
    queryFn: async () => data(await templateApi.GET('/api/vendor/media/prompt-templates/{id}/stats', { params: { path: { id: id! } } })),
  });
}

/** Creates (no id) or saves a new version (id) of a template. */
export function useSaveTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id?: string; body: TemplateInput }) =>
      id
        ? data(await templateApi.PUT('/api/vendor/media/prompt-templates/{id}', { params: { path: { id } }, body }))
        : (data(await templateApi.POST('/api/vendor/media/prompt-templates', { body }))),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['templates'] });
      if (saved?.id) {
        client.setQueryData(['template', saved.id], saved);
        void client.invalidateQueries({ queryKey: ['template', saved.id, 'versions'] });
      }
    },
  });
}

export function useForkTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      data(await templateApi.POST('/api/vendor/media/prompt-templates/{id}/fork', { params: { path: { id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['templates'] }),
  });
}

export function useDeleteTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => data(await templateApi.DELETE('/api/vendor/media/prompt-templates/{id}', { params: { path: { id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['templates'] }),
  });
}

/** The editor's live preview of unsaved text, with sample values and the target model. */
export function usePreview(request: TemplateSchemas['PreviewRequest'] | null) {
  return useQuery({
    queryKey: ['template-preview', request],
    enabled: !!request && request.promptText.trim().length > 0,
    placeholderData: keepPreviousData,
    queryFn: async () => data(await templateApi.POST('/api/vendor/media/prompt-templates/preview', { body: request! })),
  });
}

/** The prompt analyzer's findings for a prompt (the rendered sample). */
export function useAnalysis(prompt: string, parameters: Record<string, unknown>, category?: string) {
  return useQuery({
    queryKey: ['analysis', prompt, parameters, category],
    enabled: prompt.trim().length > 0,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      data(await templateApi.POST('/api/vendor/media/analyze-prompt', { body: { prompt, parameters, category: category || undefined } })),
  });
}
