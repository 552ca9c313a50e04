/**
 * `POST /api/jobs/:id/apply`: write a finished job's optimized values back into the catalog, once.
 * The apply record's primary key is the referee: it is inserted first, in the same transaction as
 * the writes, so a second apply (or a concurrent one) writes nothing. Applying charges nothing:
 * the credits were charged at admission.
 */
import type { Store } from '../../store/db.js';
import { findJob } from '../../store/jobs.store.js';
import type { Attribute } from './attributes.js';
import { findApply, insertApply, lockProducts, rewriteProducts, setApplied, succeededItems } from './catalog.store.js';
import { SeedError, jobNotFound } from './envelope.js';
import { CATALOG_OPTIMIZATION, type CatalogItemResult } from './job-type.js';
import { JOB_STATUS } from './render.js';

class AlreadyApplied extends Error {}

/** The key an attribute is stored under: the product's own spelling when it has one (`Tags`), else the attribute's name. */
function keyFor(attributes: Record<string, string>, attribute: string): string {
  if (Object.hasOwn(attributes, attribute)) return attribute;
  return Object.keys(attributes).find((k) => k.toLowerCase() === attribute) ?? attribute;
}

export async function applyJob(deps: { store: Store; clock: { now(): number } }, tenantId: string, jobId: string) {
  const job = await findJob(deps.store.db, tenantId, jobId);
  if (!job || job.type !== CATALOG_OPTIMIZATION) throw jobNotFound();
  if (job.status === 'pending' || job.status === 'processing') {
    throw new SeedError(409, {
      error: 'Job not finished',
      code: 'JOB_NOT_FINISHED',
      message: `The job is ${JOB_STATUS[job.status]}; its values can be applied once it has finished`,
      status: JOB_STATUS[job.status],
    });
  }
  if (job.status !== 'completed' && job.status !== 'partially_completed') {
    throw new SeedError(409, {
      error: 'Nothing to apply',
      code: 'JOB_NOT_APPLICABLE',
      message: `The job is ${JOB_STATUS[job.status]}; only a COMPLETED or PARTIALLY_COMPLETED job can be applied`,
      status: JOB_STATUS[job.status],
    });
  }

  const now = deps.clock.now();
  try {
    return await deps.store.db.transaction().execute(async (trx) => {
      if (!(await insertApply(trx, tenantId, jobId, now))) throw new AlreadyApplied();
      const changes = new Map<string, { attribute: Attribute; value: string }[]>();
      for (const item of await succeededItems(trx, jobId)) {
        const input = JSON.parse(item.input) as { productId: string; attribute: Attribute };
        const result = JSON.parse(item.result ?? 'null') as CatalogItemResult | null;
        if (!result) continue;
        changes.set(input.productId, [...(changes.get(input.productId) ?? []), { attribute: input.attribute, value: result.optimized }]);
      }
      let applied = 0;
      const rows = (await lockProducts(trx, tenantId, [...changes.keys()])).map((product) => {
        const next = { id: product.id, title: product.title, description: product.description, attributes: JSON.parse(product.attributes) as Record<string, string> };
        for (const { attribute, value } of changes.get(product.id) ?? []) {
          applied++;
          if (attribute === 'title') next.title = value;
          else if (attribute === 'description') next.description = value;
          else next.attributes[keyFor(next.attributes, attribute)] = value;
        }
        return next;
      });
      await rewriteProducts(trx, tenantId, rows, now);
      await setApplied(trx, jobId, applied);
      const total = [...changes.values()].reduce((n, c) => n + c.length, 0);
      return { applied, skipped: total - applied, jobId };
    });
  } catch (error) {
    if (!(error instanceof AlreadyApplied)) throw error;
    const previous = await findApply(deps.store.db, tenantId, jobId);
    throw new SeedError(409, {
      error: 'Already applied',
      code: 'ALREADY_APPLIED',
      message: 'The values of this job were already written to the catalog',
      appliedAt: previous ? new Date(Number(previous.applied_at)).toISOString() : null,
      applied: previous ? Number(previous.applied) : null,
    });
  }
}
