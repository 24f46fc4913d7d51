import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as TemplatePaths, components as TemplateComponents } from '@/api/generated/template';
import type { paths as StylePaths, components as StyleComponents } from '@/api/generated/style';
import type { paths as BatchPaths, components as BatchComponents } from '@/api/generated/batch';
import type { paths as NotificationPaths, components as NotificationComponents } from '@/api/generated/notification';
import { accessToken, sessionRefused } from './auth';
import { ApiError, toProblem } from './problem';

/** Adds the bearer token to every call and turns every failed answer into an ApiError. */
const session: Middleware = {
  onRequest({ request }) {
    const token = accessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  async onResponse({ response }) {
    if (response.ok) return response;
    const text = await response.clone().text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    if (response.status === 401) sessionRefused();
    throw new ApiError(toProblem(response.status, body));
  },
};

function client<Paths extends {}>() {
  const c = createClient<Paths>({ baseUrl: window.location.origin });
  c.use(session);
  return c;
}

/** The typed clients, one per service, all through the gateway on this origin. */
export const templateApi = client<TemplatePaths>();
export const styleApi = client<StylePaths>();
export const batchApi = client<BatchPaths>();
export const notificationApi = client<NotificationPaths>();

export type TemplateSchemas = TemplateComponents['schemas'];
export type StyleSchemas = StyleComponents['schemas'];
export type BatchSchemas = BatchComponents['schemas'];
export type NotificationSchemas = NotificationComponents['schemas'];

/** The data of an openapi-fetch answer (errors were thrown by the middleware already). */
export function data<T>(result: { data?: T; error?: unknown }): T {
  if (result.data === undefined) {
    // 204 No Content and the like
    return undefined as T;
  }
  return result.data;
}

/** A multipart or other raw call through the same session (the CSV upload). */
export async function send(path: string, init: RequestInit): Promise<Response> {
  const request = new Request(window.location.origin + path, init);
  const withToken = (await session.onRequest!({ request } as never)) as Request;
  const response = await fetch(withToken);
  return (await session.onResponse!({ request: withToken, response } as never)) as Response;
}
