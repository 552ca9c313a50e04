/**
 * `POST /api/jobs`: the seed's request, admitted through core admission as the job input of
 * `catalog_optimization` — the same schema and the same `prepare` as `POST /v1/jobs`, so both routes
 * accept, expand and charge a selection alike: products × attributes credits, each named once.
 */
import { admitJob, type AdmissionRequest, type AdmissionResult, type Admitted } from '../../core/admission.js';
import type { AppDeps } from '../../http/kit.js';
import type { Tenant } from '../../store/schema.js';
import { CATALOG_OPTIMIZATION, productsOf, type CatalogJobInput } from './job-type.js';
import type { JobRequest } from './request.js';

/** The seed's request as the job type's input. */
export function jobInputOf(request: JobRequest) {
  const selection = request.sourceScope === 'products' ? { productIds: request.ids } : { collectionIds: request.ids };
  return { sourceScope: request.sourceScope, ...selection, attributes: request.attributes, language: request.language, prompt: request.prompt };
}

/** The seed's 201 body. */
export function createdBody(admitted: Admitted) {
  const input = JSON.parse(admitted.job.input) as CatalogJobInput;
  return {
    jobId: admitted.job.id,
    status: 'PENDING',
    requiredCredits: Number(admitted.job.cost),
    remainingCredits: admitted.meter.remaining,
    productCount: productsOf(input).length,
    attributeCount: input.attributes.length,
    totalItems: admitted.job.items_total,
  };
}

export function submitJob(
  deps: AppDeps,
  tenant: Tenant,
  request: JobRequest,
  idempotency?: { key: string; body: unknown },
  key: AdmissionRequest['key'] = null,
): Promise<AdmissionResult> {
  return admitJob(deps, {
    tenant,
    key,
    type: CATALOG_OPTIMIZATION,
    input: jobInputOf(request),
    ...(idempotency
      ? {
          idempotency: {
            key: idempotency.key,
            fingerprint: { route: 'POST /api/jobs', body: idempotency.body },
          },
        }
      : {}),
  });
}
