import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { batchApi, data, send, type BatchSchemas } from '@/lib/api';

/** One account and model as the worker fleet shares it (the worker's GET /api/worker/providers). */
export interface ModelState {
  account: string;
  model: string;
  paused: boolean;
  pausedUntil?: string | null;
  pauseReason?: string | null;
  learnedPerMinute?: number | null;
  updatedAt?: string;
}

/** The fleet as the worker answers GET /api/worker/providers (the worker is not in the generated types). */
export interface Fleet {
  provider: string;
  models: ModelState[];
  inFlight: number;
  finishing: number;
  queued: Record<string, number>;
  /** per lane: jobs released to Kafka that the fleet has not finished */
  lag: Record<string, number>;
  /** records on the dead-letter topic: jobs no worker could read */
  deadLetters: number;
}

export type PlatformQueue = BatchSchemas['PlatformFigures'];
export type VendorPlan = BatchSchemas['PlanView'];
export type PlanOverrides = BatchSchemas['Overrides'];

const REFRESH = 5000;

export function useFleet() {
  return useQuery({
    queryKey: ['fleet'],
    refetchInterval: REFRESH,
    queryFn: async () => (await (await send('/api/worker/providers', { method: 'GET' })).json()) as Fleet,
  });
}

export function usePlatformQueue() {
  return useQuery({
    queryKey: ['platform-queue'],
    refetchInterval: REFRESH,
    queryFn: async () => data(await batchApi.GET('/api/vendor/media/admin/queue')) as PlatformQueue,
  });
}

export function useResume() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async (model: string) => send(`/api/worker/providers/resume?model=${encodeURIComponent(model)}`, { method: 'POST' }),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['fleet'] }),
  });
}

/** Any vendor's plan, as an admin reads it. */
export function useVendorPlan(vendorId: string | null) {
  return useQuery({
    queryKey: ['vendor-plan', vendorId],
    enabled: vendorId !== null,
    queryFn: async () => data(await batchApi.GET('/api/vendor/media/admin/vendors/{vendorId}/plan', { params: { path: { vendorId: vendorId! } } })),
  });
}

/** Sets a vendor's plan and the figures that override it (null: the plan's own). */
export function useSetVendorPlan(vendorId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async (overrides: PlanOverrides) =>
      data(await batchApi.PUT('/api/vendor/media/admin/vendors/{vendorId}/plan', { params: { path: { vendorId } }, body: overrides })),
    onSuccess: (plan) => {
      queries.setQueryData(['vendor-plan', vendorId], plan);
      queries.invalidateQueries({ queryKey: ['platform-queue'] });
    },
  });
}

/** The services that relay their events through an outbox, each with its own dead letters. */
export const OUTBOX_SERVICES = ['template-service', 'style-service', 'batch-service', 'notification-service'] as const;

export type DeadLetterListing = BatchSchemas['DeadLetterListing'];

/** Each outbox service's dead letters (how many, the newest), asked of the service itself through the gateway. */
export function useOutboxDeadLetters() {
  return useQuery({
    queryKey: ['outbox-dead-letters'],
    refetchInterval: REFRESH,
    queryFn: async () =>
      Promise.all(
        OUTBOX_SERVICES.map(async (service) =>
          data(await batchApi.GET('/api/vendor/media/admin/dead-letters/{service}', { params: { path: { service } } })),
        ),
      ),
  });
}

/** Sends one dead letter again through its service's outbox. */
export function useReplayDeadLetter() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async ({ service, id }: { service: string; id: string }) =>
      send(`/api/vendor/media/admin/dead-letters/${encodeURIComponent(service)}/${encodeURIComponent(id)}/replay`, { method: 'POST' }),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['outbox-dead-letters'] }),
  });
}
