import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { data, notificationApi, type NotificationSchemas } from '@/lib/api';

export type Subscription = NotificationSchemas['SubscriptionView'];
export type Delivery = NotificationSchemas['DeliveryView'];
/** What creating a subscription answers: the subscription and its signing secret, shown this once. */
export type CreatedSubscription = Subscription & { secret: string };

/** The vendor's webhook subscriptions, a page at a time. */
export function useSubscriptions(page: number, size = 20) {
  return useQuery({
    queryKey: ['webhooks', page, size],
    placeholderData: keepPreviousData,
    queryFn: async () => data(await notificationApi.GET('/api/vendor/media/webhooks', { params: { query: { page, size } } })),
  });
}

export function useSubscription(id: string) {
  return useQuery({
    queryKey: ['webhook', id],
    queryFn: async () => data(await notificationApi.GET('/api/vendor/media/webhooks/{id}', { params: { path: { id } } })),
  });
}

/** The event types a subscription can ask for. */
export function useEventTypes() {
  return useQuery({
    queryKey: ['webhook-event-types'],
    staleTime: Infinity,
    queryFn: async () => data(await notificationApi.GET('/api/vendor/media/webhooks/event-types')) as string[],
  });
}

/** A subscription's deliveries, newest first, optionally in one status; refreshed while the page is open. */
export function useDeliveries(id: string, status: string | null, page: number, size = 20) {
  return useQuery({
    queryKey: ['webhook-deliveries', id, status, page, size],
    placeholderData: keepPreviousData,
    refetchInterval: 3000,
    queryFn: async () =>
      data(await notificationApi.GET('/api/vendor/media/webhooks/{id}/deliveries', {
        params: { path: { id }, query: { status: status ?? undefined, page, size } },
      })),
  });
}

/** A delivery's attempts and payload; the log's count of attempts in the key fetches them again after a new one. */
export function useDelivery(id: string, deliveryId: string | null, attempts?: number) {
  return useQuery({
    queryKey: ['webhook-delivery', id, deliveryId, attempts],
    enabled: deliveryId !== null,
    queryFn: async () =>
      data(await notificationApi.GET('/api/vendor/media/webhooks/{id}/deliveries/{deliveryId}', {
        params: { path: { id, deliveryId: deliveryId! } },
      })),
  });
}

/** Every change to a subscription refreshes what shows it. */
function useWebhookMutation<TArgs, TResult>(run: (args: TArgs) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ['webhooks'] });
      client.invalidateQueries({ queryKey: ['webhook'] });
      client.invalidateQueries({ queryKey: ['webhook-deliveries'] });
    },
  });
}

export function useCreateSubscription() {
  return useWebhookMutation(async (body: NotificationSchemas['CreateSubscription']) =>
    data(await notificationApi.POST('/api/vendor/media/webhooks', { body })) as unknown as CreatedSubscription);
}

export function useRotateSecret(id: string) {
  return useWebhookMutation(async () =>
    data(await notificationApi.POST('/api/vendor/media/webhooks/{id}/rotate-secret', { params: { path: { id } }, body: {} })));
}

export function useSendTest(id: string) {
  return useWebhookMutation(async () => data(await notificationApi.POST('/api/vendor/media/webhooks/{id}/test', { params: { path: { id } } })));
}

export function useSetEnabled(id: string) {
  return useWebhookMutation(async (enabled: boolean) =>
    data(enabled
      ? await notificationApi.POST('/api/vendor/media/webhooks/{id}/enable', { params: { path: { id } } })
      : await notificationApi.POST('/api/vendor/media/webhooks/{id}/disable', { params: { path: { id } } })));
}

export function useDeleteSubscription(id: string) {
  return useWebhookMutation(async () => data(await notificationApi.DELETE('/api/vendor/media/webhooks/{id}', { params: { path: { id } } })));
}

export function useReplay(id: string) {
  return useWebhookMutation(async (deliveryId: string) =>
    data(await notificationApi.POST('/api/vendor/media/webhooks/{id}/deliveries/{deliveryId}/replay', { params: { path: { id, deliveryId } } })));
}
