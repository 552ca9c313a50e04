import { z } from 'zod';
import { PermanentError, type JobType } from '../../core/job-types.js';
import type { ChatProvider } from '../../providers/types.js';
import type { Store } from '../../store/db.js';
import { Attribute, currentValue } from './attributes.js';
import { findProduct } from './catalog.store.js';
import { LOCAL_OPTIMIZER_VERSION, optimizeAttributeLocally } from './optimizer.js';
import { CATALOG_OPTIMIZATION_SCHEMA_NAME, buildCatalogPrompt, catalogOptimizationOutput } from './prompt.js';

export const CATALOG_OPTIMIZATION = 'catalog_optimization';
/** A job's products, after a collections scope is expanded. Items = products × attributes. */
export const MAX_PRODUCTS_PER_JOB = 10_000;
export const MAX_PROMPT_CHARS = 2000;

/**
 * The job's input as admitted and stored: product ids already resolved (a collections scope is
 * expanded before admission, so the job keeps the products it was charged for).
 */
export const CatalogJobInput = z.object({
  sourceScope: z.enum(['products', 'collections']),
  collectionIds: z.array(z.string().min(1)).optional(),
  productIds: z.array(z.string().min(1)).min(1).max(MAX_PRODUCTS_PER_JOB),
  attributes: z.array(Attribute).min(1),
  language: z.string().min(1).max(35),
  prompt: z.string().max(MAX_PROMPT_CHARS).nullable().default(null),
});
export type CatalogJobInput = z.infer<typeof CatalogJobInput>;

export const CatalogItemInput = z.object({ productId: z.string().min(1), attribute: Attribute });
export type CatalogItemInput = z.infer<typeof CatalogItemInput>;

/** What an item's result is: stored as the item's result and written back by apply. */
export interface CatalogItemResult {
  original: string | null;
  optimized: string;
  model: string;
}

/** One item per product and attribute, product by product; 1 credit each. */
export function catalogOptimizationType(deps: { store: Store; provider: ChatProvider | undefined }): JobType<CatalogJobInput, CatalogItemInput> {
  return {
    name: CATALOG_OPTIMIZATION,
    input: CatalogJobInput,
    meter: 'credits',
    cost: (input) => input.productIds.length * input.attributes.length,
    items: (input) => input.productIds.flatMap((productId) => input.attributes.map((attribute) => ({ productId, attribute }))),
    maxAttempts: 3,
    async process({ tenantId, input, jobInput, signal }): Promise<CatalogItemResult> {
      const item = CatalogItemInput.parse(input);
      const product = await findProduct(deps.store.db, tenantId, item.productId);
      if (!product) throw new PermanentError(`Product "${item.productId}" is no longer in the catalog`);
      const request = { product, attribute: item.attribute, language: jobInput.language, prompt: jobInput.prompt };
      if (!deps.provider) return { ...optimizeAttributeLocally(request), model: LOCAL_OPTIMIZER_VERSION };
      // The provider validates the answer against the attribute's limits; an answer that breaks them
      // is a ProviderError with transient: false, so the item fails without another attempt.
      const { system, user } = buildCatalogPrompt(request);
      const answer = await deps.provider.completeJSON({
        system,
        user,
        schema: catalogOptimizationOutput(item.attribute),
        schemaName: CATALOG_OPTIMIZATION_SCHEMA_NAME,
        signal,
      });
      return { original: currentValue(product, item.attribute), optimized: answer.value.value, model: answer.model };
    },
  };
}
