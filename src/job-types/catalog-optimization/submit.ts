/**
 * `POST /api/jobs`: resolve the selection to products, then admit through core admission, which
 * charges products × attributes credits and stores the job with its items in one transaction.
 * The selection is resolved first so that the stored job holds exactly the products it was charged
 * for; a product deleted afterwards fails its items, and each failed item is refunded.
 */
import { admitJob, type AdmissionResult, type Admitted } from '../../core/admission.js';
import type { AppDeps } from '../../http/deps.js';
import type { Tenant } from '../../store/schema.js';
import { existingCollectionIds, existingProductIds, productIdsOfCollections } from './catalog.store.js';
import { validationError } from './envelope.js';
import { CATALOG_OPTIMIZATION, MAX_PRODUCTS_PER_JOB, type CatalogJobInput } from './job-type.js';
import type { JobRequest } from './request.js';

/** At most this many unknown ids are named in the message; the rest are counted. */
const NAMED_IDS = 20;

function unknownIds(noun: string, ids: string[]): string {
  const named = ids.slice(0, NAMED_IDS).join(', ');
  return `Unknown ${noun} ids: ${named}${ids.length > NAMED_IDS ? ` and ${ids.length - NAMED_IDS} more` : ''}`;
}

export async function resolveJobInput(deps: Pick<AppDeps, 'store'>, tenantId: string, request: JobRequest): Promise<CatalogJobInput> {
  const db = deps.store.db;
  const base = { attributes: request.attributes, language: request.language, prompt: request.prompt };
  if (request.sourceScope === 'products') {
    const existing = await existingProductIds(db, tenantId, request.ids);
    const unknown = request.ids.filter((id) => !existing.has(id));
    if (unknown.length > 0) throw validationError(unknownIds('product', unknown), 'productIds');
    return { sourceScope: 'products', productIds: request.ids, ...base };
  }
  const existing = await existingCollectionIds(db, tenantId, request.ids);
  const unknown = request.ids.filter((id) => !existing.has(id));
  if (unknown.length > 0) throw validationError(unknownIds('collection', unknown), 'collectionIds');
  const productIds = await productIdsOfCollections(db, tenantId, request.ids);
  if (productIds.length === 0) throw validationError('The selected collections contain no products', 'collectionIds');
  if (productIds.length > MAX_PRODUCTS_PER_JOB) {
    throw validationError(`A job may include at most ${MAX_PRODUCTS_PER_JOB} products; the selected collections contain ${productIds.length}`, 'collectionIds');
  }
  return { sourceScope: 'collections', collectionIds: request.ids, productIds, ...base };
}

/** The seed's 201 body. */
export function createdBody(admitted: Admitted, input: CatalogJobInput) {
  return {
    jobId: admitted.job.id,
    status: 'PENDING',
    requiredCredits: Number(admitted.job.cost),
    remainingCredits: admitted.meter.remaining,
    productCount: input.productIds.length,
    attributeCount: input.attributes.length,
    totalItems: admitted.job.items_total,
  };
}

export async function submitJob(
  deps: AppDeps,
  tenant: Tenant,
  request: JobRequest,
  idempotency?: { key: string; body: unknown },
): Promise<{ input: CatalogJobInput; result: AdmissionResult }> {
  const input = await resolveJobInput(deps, tenant.id, request);
  const result = await admitJob(deps, {
    tenant,
    type: CATALOG_OPTIMIZATION,
    input,
    ...(idempotency
      ? {
          idempotency: {
            key: idempotency.key,
            fingerprint: { route: 'POST /api/jobs', body: idempotency.body },
            render: (admitted) => ({ status: 201, body: createdBody(admitted, input) }),
          },
        }
      : {}),
  });
  return { input, result };
}
