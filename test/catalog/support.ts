import { expect } from 'vitest';
import type { Harness } from '../support/harness.js';

export interface SeedProduct {
  id: string;
  title: string;
  description?: string | null;
  attributes?: Record<string, string>;
  collectionIds?: string[];
}

/** `n` products `p1…pn` with a title, a description and a color. */
export const products = (n: number, prefix = 'p'): SeedProduct[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i + 1}`,
    title: `linen shirt ${i + 1}`,
    description: `A shirt made of linen, number ${i + 1}.`,
    attributes: { color: 'blue', material: 'linen' },
  }));

export async function putProducts(h: Harness, key: string, list: SeedProduct[], headers: Record<string, string> = {}) {
  const response = await h.request('PUT', '/api/catalog/products', { key, body: { products: list }, headers });
  expect(response.status).toBe(200);
  return (await response.json()) as { upserted: number };
}

export async function putCollections(h: Harness, key: string, list: { id: string; title: string; productIds?: string[] }[]) {
  const response = await h.request('PUT', '/api/catalog/collections', { key, body: { collections: list } });
  expect(response.status).toBe(200);
  return (await response.json()) as { upserted: number };
}

export const postJob = (h: Harness, key: string, body: unknown, headers: Record<string, string> = {}) =>
  h.request('POST', '/api/jobs', { key, body, headers });

/** POSTs a job that must be admitted and returns its 201 body. */
export async function createJob(h: Harness, key: string, body: Record<string, unknown>) {
  const response = await postJob(h, key, { sourceScope: 'products', language: 'en', ...body });
  const json = await response.json();
  expect({ status: response.status, json }).toMatchObject({ status: 201 });
  return json as { jobId: string; requiredCredits: number; remainingCredits: number; totalItems: number };
}

export async function getJson(h: Harness, key: string, path: string, headers: Record<string, string> = {}) {
  const response = await h.request('GET', path, { key, headers });
  return { status: response.status, body: (await response.json()) as any };
}

export { until } from '../support/until.js';

/** After each test: the ledger's invariants hold, then the harness goes (also when they do not). */
export async function verifyAndClose(h: Harness | undefined) {
  if (!h) return;
  try {
    expect((await h.verify()).ok).toBe(true);
  } finally {
    await h.close();
  }
}
