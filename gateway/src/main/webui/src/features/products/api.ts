import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { batchApi, data, send, type BatchSchemas } from '@/lib/api';

export type Product = BatchSchemas['ProductView'];
export type Imported = BatchSchemas['Imported'];

/** The vendor's products by name, a page at a time, optionally those whose name holds `search`. */
export function useProducts(search: string, page: number, size: number) {
  return useQuery({
    queryKey: ['products', search, page, size],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      data(await batchApi.GET('/api/vendor/media/products', { params: { query: { search: search || undefined, page, size } } })),
  });
}

/** The images linked to a product, newest first. */
export function useProductImages(id: string | null) {
  return useQuery({
    queryKey: ['product-images', id],
    enabled: id !== null,
    queryFn: async () =>
      data(await batchApi.GET('/api/vendor/media/products/{id}/images', { params: { path: { id: id! }, query: { size: 24 } } })),
  });
}

function useProductMutation<TArgs, TResult>(run: (args: TArgs) => Promise<TResult>) {
  const queries = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => queries.invalidateQueries({ queryKey: ['products'] }) });
}

/** Imports a CSV of products (made or updated by external id, else by name); a bad file changes nothing. */
export function useImportProducts() {
  return useProductMutation(async (file: File) => {
    const body = new FormData();
    body.set('file', file);
    return (await (await send('/api/vendor/media/products/import', { method: 'POST', body })).json()) as Imported;
  });
}

export function useUpdateProduct() {
  return useProductMutation(async ({ id, product }: { id: string; product: BatchSchemas['ProductBody'] }) =>
    data(await batchApi.PUT('/api/vendor/media/products/{id}', { params: { path: { id } }, body: product })),
  );
}

export function useDeleteProduct() {
  return useProductMutation(async (id: string) => data(await batchApi.DELETE('/api/vendor/media/products/{id}', { params: { path: { id } } })));
}

/** Makes one of the product's completed images its own (null: none). */
export function useChooseImage() {
  return useProductMutation(async ({ id, itemId }: { id: string; itemId: string | null }) =>
    data(await batchApi.PUT('/api/vendor/media/products/{id}/image', { params: { path: { id } }, body: { itemId: itemId ?? undefined } })),
  );
}

export function useAddProduct() {
  return useProductMutation(async (product: BatchSchemas['ProductBody']) =>
    data(await batchApi.POST('/api/vendor/media/products', { body: product })),
  );
}

/** One batch for the chosen products, the template (and style, parameters) defaulting to the vendor's product settings. */
export function useGenerateForProducts() {
  return useMutation({
    mutationFn: async (request: { productIds: string[]; templateId?: string }) =>
      data(await batchApi.POST('/api/vendor/media/products/generate', { body: request as BatchSchemas['CreateBatch'] })) as unknown as BatchSchemas['BatchView'],
  });
}

export type ProductSettings = BatchSchemas['Settings'];

/** Whether new products get an image at once, and the defaults of product batches. */
export function useProductSettings() {
  return useQuery({
    queryKey: ['product-settings'],
    queryFn: async () => data(await batchApi.GET('/api/vendor/media/products/generation-settings')),
  });
}

export function useSaveProductSettings() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async (settings: ProductSettings) =>
      data(await batchApi.PUT('/api/vendor/media/products/generation-settings', { body: settings })),
    onSuccess: (saved) => queries.setQueryData(['product-settings'], saved),
  });
}
