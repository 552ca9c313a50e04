import type { Api } from '../api.js';
import type { Collection, Credits, OptimizationApplied, OptimizationCreated, OptimizationJob, OptimizationRequest, Product } from '../types.js';

export const PRODUCTS_PAGE_SIZE = 50;

export function listProducts(
  api: Api,
  search: string,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<{ data: Product[]; nextCursor: string | null }> {
  return api.get('/api/catalog/products', {
    query: { search: search.trim(), limit: PRODUCTS_PAGE_SIZE, cursor },
    ...(signal ? { signal } : {}),
  });
}

export function listCollections(api: Api, signal?: AbortSignal): Promise<{ data: Collection[] }> {
  return api.get('/api/catalog/collections', signal ? { signal } : {});
}

export function getCredits(api: Api, signal?: AbortSignal): Promise<Credits> {
  return api.get('/api/credits', signal ? { signal } : {});
}

export function createOptimization(api: Api, request: OptimizationRequest): Promise<OptimizationCreated> {
  return api.post('/api/jobs', request);
}

/** Seed 004's view of an optimization job: what /v1 does not say, whether it was applied. */
export function getOptimizationJob(api: Api, id: string, signal?: AbortSignal): Promise<OptimizationJob> {
  return api.get(`/api/jobs/${encodeURIComponent(id)}`, signal ? { signal } : {});
}

/** Write a finished job's optimized values into the catalog; the server does it once. */
export function applyOptimization(api: Api, id: string): Promise<OptimizationApplied> {
  return api.post(`/api/jobs/${encodeURIComponent(id)}/apply`);
}
