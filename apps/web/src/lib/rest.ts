import { freshAccessToken } from './session';

/** A REST call of the API outside GraphQL (photo uploads, CSV files), signed in; its JSON, or the API's error message. */
export async function restJson<T>(path: string, init: RequestInit): Promise<T> {
  const token = await freshAccessToken();
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  const res = await fetch(path, { ...init, headers });
  const body = (await res.json().catch(() => null)) as (T & { message?: string; code?: string }) | null;
  if (!res.ok) throw new Error(body?.message ?? `HTTP ${res.status}`);
  return body as T;
}

export interface UploadedPhoto {
  id: string;
  urls: Record<'thumbnail' | 'medium' | 'large', { webp: string; jpeg: string }>;
}

/** Uploads a photo for a business (POST /media); it stays pending until a product uses it. */
export function uploadBusinessPhoto(businessId: string, file: File): Promise<UploadedPhoto> {
  const form = new FormData();
  form.set('businessId', businessId);
  form.set('file', file);
  return restJson<UploadedPhoto>('/media', { method: 'POST', body: form });
}

/** Starts a catalog import from a CSV file (up to 5 MiB, more than GraphQL takes); answers the queued import's id. */
export function startCatalogImport(businessId: string, csv: string): Promise<{ id: string }> {
  return restJson<{ id: string }>(`/businesses/${encodeURIComponent(businessId)}/catalog/imports`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: csv,
  });
}
