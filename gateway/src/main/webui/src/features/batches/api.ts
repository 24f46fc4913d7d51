import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { batchApi, data, send, templateApi, type BatchSchemas } from '@/lib/api';

export type Batch = BatchSchemas['BatchView'];
export type CreateBatch = BatchSchemas['CreateBatch'];
export type CsvPreview = BatchSchemas['CsvPreview'];
export type BatchPreview = BatchSchemas['Preview'];
export type Priority = BatchSchemas['Priority'];

/** The vendor's templates to choose from (its own, then the public ones), by name. */
export function useTemplateChoices() {
  return useQuery({
    queryKey: ['templates', 'choices'],
    queryFn: async () => {
      const [mine, shared] = await Promise.all([
        templateApi.GET('/api/vendor/media/prompt-templates', { params: { query: { size: 100, sort: 'name' } } }).then(data),
        templateApi.GET('/api/vendor/media/prompt-templates/public', { params: { query: { size: 100, sort: 'name' } } }).then(data),
      ]);
      return { mine: mine.items ?? [], shared: shared.items ?? [] };
    },
  });
}

export function useBatch(id: string | undefined) {
  return useQuery({
    queryKey: ['batch', id],
    enabled: !!id,
    queryFn: async () => data(await batchApi.GET('/api/vendor/media/generate/batch/{id}', { params: { path: { id: id! } } })),
  });
}

/** The estimate of a JSON batch (a product list) before it is sent. */
export function useBatchPreview(request: CreateBatch | null) {
  return useQuery({
    queryKey: ['batch-preview', request],
    enabled: !!request,
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: async () => data(await batchApi.POST('/api/vendor/media/generate/batch/preview', { body: request! })),
  });
}

/** The fields a CSV upload sends beside its file (the same as a JSON batch's). */
export interface CsvFields {
  templateId: string;
  name?: string;
  styleId?: string;
  parameters?: Record<string, unknown>;
  tuning?: Record<string, unknown>;
  priority?: Priority;
  scheduledFor?: string;
  schedule?: string;
}

function form(file: File, fields: CsvFields) {
  const body = new FormData();
  body.set('file', file);
  body.set('templateId', fields.templateId);
  if (fields.name) body.set('name', fields.name);
  if (fields.styleId) body.set('styleId', fields.styleId);
  if (fields.parameters) body.set('parameters', JSON.stringify(fields.parameters));
  if (fields.tuning) body.set('tuning', JSON.stringify(fields.tuning));
  if (fields.priority) body.set('priority', fields.priority);
  if (fields.scheduledFor) body.set('scheduledFor', fields.scheduledFor);
  if (fields.schedule) body.set('schedule', fields.schedule);
  return body;
}

/** What the CSV would make: rows, the first prompts, problems by line and column, cost, time, budget. */
export function useCsvPreview(file: File | null, fields: CsvFields | null) {
  return useQuery({
    queryKey: ['csv-preview', file?.name, file?.size, file?.lastModified, fields],
    enabled: !!file && !!fields,
    retry: false,
    queryFn: async () => (await (await send('/api/vendor/media/generate/batch/csv/preview', { method: 'POST', body: form(file!, { ...fields!, name: undefined }) })).json()) as CsvPreview,
  });
}

/** Starts a batch from JSON or a CSV; the key makes a repeated click the same batch. */
export function useStartBatch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { key: string } & ({ json: CreateBatch } | { file: File; fields: CsvFields })) => {
      if ('json' in input) {
        return data(await batchApi.POST('/api/vendor/media/generate/batch', { body: input.json, headers: { 'Idempotency-Key': input.key } }));
      }
      const response = await send('/api/vendor/media/generate/batch/csv', {
        method: 'POST',
        body: form(input.file, input.fields),
        headers: { 'Idempotency-Key': input.key },
      });
      return (await response.json()) as Batch;
    },
    onSuccess: (batch) => {
      if (batch?.id) client.setQueryData(['batch', batch.id], batch);
      void client.invalidateQueries({ queryKey: ['batches'] });
    },
  });
}

export function useCancelBatch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => data(await batchApi.DELETE('/api/vendor/media/generate/batch/{id}', { params: { path: { id } } })),
    onSuccess: (batch) => {
      if (batch?.id) {
        client.setQueryData(['batch', batch.id], batch);
        void client.invalidateQueries({ queryKey: ['batch-items', batch.id] });
      }
    },
  });
}

/** Moves a scheduled batch to another time, or to the vendor's next off-peak window. */
export function useReschedule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, scheduledFor, offPeak }: { id: string; scheduledFor?: string; offPeak?: boolean }) =>
      data(
        await batchApi.PUT('/api/vendor/media/generate/batch/{id}/schedule', {
          params: { path: { id } },
          body: offPeak ? { schedule: 'off-peak' } : { scheduledFor },
        }),
      ),
    onSuccess: (batch) => {
      if (batch?.id) client.setQueryData(['batch', batch.id], batch);
      void client.invalidateQueries({ queryKey: ['batches'] });
    },
  });
}

export type OffPeakWindow = BatchSchemas['Window'];

/** The vendor's off-peak window (the platform's until it sets its own). */
export function useOffPeakWindow() {
  return useQuery({ queryKey: ['off-peak-window'], queryFn: async () => data(await batchApi.GET('/api/vendor/media/off-peak-window')) });
}

/** Sets the vendor's off-peak window, or (null) goes back to the platform's. */
export function useSetOffPeakWindow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (window: BatchSchemas['WindowChange'] | null) =>
      window
        ? data(await batchApi.PUT('/api/vendor/media/off-peak-window', { body: window }))
        : data(await batchApi.DELETE('/api/vendor/media/off-peak-window')),
    onSuccess: (window) => client.setQueryData(['off-peak-window'], window),
  });
}

export function useRetryBatch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => data(await batchApi.POST('/api/vendor/media/generate/batch/{id}/retry', { params: { path: { id } } })),
    onSuccess: (answer) => {
      const batch = answer?.batch;
      if (batch?.id) {
        client.setQueryData(['batch', batch.id], batch);
        void client.invalidateQueries({ queryKey: ['batch-items', batch.id] });
      }
    },
  });
}

/** Asks for a signed link to the batch's ZIP and lets the browser download it (streamed by batch-service). */
export function useDownloadAll() {
  return useMutation({
    mutationFn: async (id: string) => {
      const link = data(await batchApi.POST('/api/vendor/media/generate/batch/{id}/archive', { params: { path: { id } } }));
      const a = document.createElement('a');
      a.href = link.url!;
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      a.remove();
      return link;
    },
  });
}

export const ITEMS_PAGE = 100;

/** One page of a batch's items (the grid asks for the pages it shows). */
export function useItemsPage(batchId: string, status: string | null, page: number, enabled: boolean) {
  return useQuery({
    queryKey: ['batch-items', batchId, status, page],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      data(
        await batchApi.GET('/api/vendor/media/generate/batch/{id}/items', {
          params: { path: { id: batchId }, query: { status: status ?? undefined, page, size: ITEMS_PAGE } },
        }),
      ),
  });
}
