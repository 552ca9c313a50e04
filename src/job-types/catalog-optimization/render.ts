/** The seed's shapes: upper-case statuses, camelCase fields, ISO times. */
import { progressOf } from '../../core/jobs.js';
import { iso } from '../../http/kit.js';
import type { ItemStatus, Job, JobItem, JobStatus } from '../../store/schema.js';
import { currentValue, type Attribute, type CatalogProduct } from './attributes.js';
import type { StoredProduct } from './catalog.store.js';
import { productsOf, type CatalogItemResult, type CatalogJobInput } from './job-type.js';

export const JOB_STATUS: Record<JobStatus, string> = {
  pending: 'PENDING',
  processing: 'PROCESSING',
  completed: 'COMPLETED',
  partially_completed: 'PARTIALLY_COMPLETED',
  failed: 'FAILED',
  cancelled: 'CANCELLED',
};

export const ITEM_STATUS: Record<ItemStatus, string> = {
  pending: 'PENDING',
  running: 'PROCESSING',
  succeeded: 'COMPLETED',
  failed: 'FAILED',
  cancelled: 'CANCELLED',
};

/** `PENDING` or `pending` → `pending`. */
export function jobStatusOf(value: string): JobStatus | undefined {
  return (Object.keys(JOB_STATUS) as JobStatus[]).find((s) => s === value.toLowerCase());
}

export const jobInputOf = (job: Job) => JSON.parse(job.input) as CatalogJobInput;

/** A job as `GET /api/jobs` lists it. */
export function renderJob(job: Job, input: CatalogJobInput = jobInputOf(job)) {
  return {
    jobId: job.id,
    status: JOB_STATUS[job.status],
    progress: progressOf(job).percent,
    totalItems: job.items_total,
    completedItems: job.items_done,
    failedItems: job.items_failed,
    requiredCredits: Number(job.cost),
    attributes: input.attributes,
    language: input.language,
    createdAt: iso(job.created_at)!,
    startedAt: iso(job.started_at),
    completedAt: iso(job.finished_at),
  };
}

/** A job as `GET /api/jobs/:id` shows it: the list's fields and the rest of its request. */
export function renderJobDetail(job: Job, applied: { applied: number; applied_at: number } | undefined) {
  const input = jobInputOf(job);
  return {
    ...renderJob(job, input),
    cancelledItems: job.items_cancelled,
    sourceScope: input.sourceScope,
    ...(input.collectionIds ? { collectionIds: input.collectionIds } : {}),
    productCount: productsOf(input).length,
    attributeCount: input.attributes.length,
    prompt: input.prompt,
    appliedAt: applied ? iso(applied.applied_at) : null,
    appliedCount: applied ? applied.applied : null,
  };
}

/** One item; the original value is the one the item saw, or the catalog's current one before it ran. */
export function renderItem(item: JobItem, product: StoredProduct | undefined) {
  const input = JSON.parse(item.input) as { productId: string; attribute: Attribute };
  const result = item.status === 'succeeded' && item.result !== null ? (JSON.parse(item.result) as CatalogItemResult) : undefined;
  return {
    itemId: Number(item.id),
    productId: input.productId,
    productTitle: product?.title ?? null,
    attribute: input.attribute,
    status: ITEM_STATUS[item.status],
    originalValue: result ? result.original : product ? currentValue(product as CatalogProduct, input.attribute) : null,
    optimizedValue: result?.optimized ?? null,
    model: result?.model ?? null,
    error: item.error,
    attempts: item.attempts,
    completedAt: iso(item.finished_at),
  };
}

export function renderProduct(p: StoredProduct) {
  return { id: p.id, title: p.title, description: p.description, attributes: p.attributes, collectionIds: p.collectionIds, updatedAt: iso(p.updatedAt)! };
}
