import { z } from 'zod';
import { defineJobType, PermanentError } from '../../core/job-types.js';
import type { ChatProvider } from '../../providers/types.js';
import type { Store } from '../../store/db.js';
import { Attribute, currentValue } from './attributes.js';
import { TollgateError } from '../../core/errors.js';
import { existingCollectionIds, existingProductIds, findProduct, productIdsOfCollections } from './catalog.store.js';
import { LOCAL_OPTIMIZER_VERSION, optimizeAttributeLocally } from './optimizer.js';
import { MAX_PROMPT_CHARS } from './limits.js';
import { CATALOG_OPTIMIZATION_SCHEMA_NAME, buildCatalogPrompt, catalogOptimizationOutput } from './prompt.js';

export const CATALOG_OPTIMIZATION = 'catalog_optimization';
/** A job's products, after a collections scope is expanded. Items = products × attributes. */
export const MAX_PRODUCTS_PER_JOB = 10_000;
export const MAX_COLLECTIONS_PER_JOB = 1000;
export { MAX_PROMPT_CHARS } from './limits.js';
export const MAX_ID_CHARS = 255;

/** Each once, in first-seen order: naming a product or attribute twice never costs twice. */
const unique = <T>(values: T[]) => [...new Set(values)];
const Id = z.string().min(1).max(MAX_ID_CHARS);
/**
 * The distinct ids of a list. The list itself is bounded first (zod checks an array's length before
 * its elements), so a body of 100,000 copies costs nothing to refuse.
 */
const IdList = (max: number, noun: string) =>
  z
    .array(Id)
    .max(max, `may name at most ${max} ${noun}s`)
    .transform(unique);
/** Six attributes exist; a list may repeat them, within reason. */
export const MAX_ATTRIBUTES_LISTED = 100;

/** Canonical BCP-47 (`de_ch` → `de-CH`), or undefined when it is not a language tag. */
export function canonicalLanguage(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 35) return undefined;
  const tag = value.trim().replace(/_/g, '-');
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * The job's input, the one schema of every route that admits this type (`POST /api/jobs` and
 * `POST /v1/jobs`). `prepare` then checks the products exist and expands a collections scope, so the
 * stored job holds exactly the products it was charged for.
 */
export const CatalogJobInput = z
  .object({
    sourceScope: z.enum(['products', 'collections']),
    collectionIds: IdList(MAX_COLLECTIONS_PER_JOB, 'collection').optional(),
    productIds: IdList(MAX_PRODUCTS_PER_JOB, 'product').optional(),
    attributes: z.array(Attribute).min(1).max(MAX_ATTRIBUTES_LISTED, `may list at most ${MAX_ATTRIBUTES_LISTED} attributes`).transform(unique),
    language: z.string().transform((value, ctx) => {
      const tag = canonicalLanguage(value);
      if (tag === undefined) ctx.addIssue({ code: 'custom', message: 'must be a BCP-47 tag such as "en" or "de-CH"' });
      return tag ?? value;
    }),
    prompt: z
      .string()
      .max(MAX_PROMPT_CHARS)
      .nullable()
      .default(null)
      .transform((p) => (p !== null && p.trim() !== '' ? p : null)),
  })
  .superRefine((input, ctx) => {
    const field = input.sourceScope === 'products' ? 'productIds' : 'collectionIds';
    if (!input[field]?.length) ctx.addIssue({ code: 'custom', path: [field], message: `must name at least one ${field === 'productIds' ? 'product' : 'collection'}` });
  });
export type CatalogJobInput = z.infer<typeof CatalogJobInput>;

/** The products of a prepared input (a collections scope is resolved by `prepare`). */
export const productsOf = (input: CatalogJobInput): string[] => input.productIds ?? [];

export const CatalogItemInput = z.object({ productId: z.string().min(1), attribute: Attribute });
export type CatalogItemInput = z.infer<typeof CatalogItemInput>;

/** What an item's result is: stored as the item's result and written back by apply. */
export interface CatalogItemResult {
  original: string | null;
  optimized: string;
  model: string;
}

/** At most this many unknown ids are named in the message; the rest are counted. */
const NAMED_IDS = 20;

function unknownIds(noun: string, field: string, ids: string[]): TollgateError {
  const named = ids.slice(0, NAMED_IDS).join(', ');
  const message = `Unknown ${noun} ids: ${named}${ids.length > NAMED_IDS ? ` and ${ids.length - NAMED_IDS} more` : ''}`;
  return new TollgateError('validation_failed', message, { errors: [{ path: field, message }] });
}

/** One item per product and attribute, product by product; 1 credit each. */
export function catalogOptimizationType(deps: { store: Store; provider: ChatProvider | undefined }) {
  return defineJobType<CatalogJobInput, CatalogItemInput>({
    name: CATALOG_OPTIMIZATION,
    input: CatalogJobInput,
    meter: 'credits',
    cost: (input) => productsOf(input).length * input.attributes.length,
    itemCount: (input) => productsOf(input).length * input.attributes.length,
    items: (input) => productsOf(input).flatMap((productId) => input.attributes.map((attribute) => ({ productId, attribute }))),
    async prepare(input, { tenantId }) {
      const db = deps.store.db;
      if (input.sourceScope === 'products') {
        const ids = input.productIds ?? [];
        const existing = await existingProductIds(db, tenantId, ids);
        const unknown = ids.filter((id) => !existing.has(id));
        if (unknown.length > 0) throw unknownIds('product', 'productIds', unknown);
        return { ...input, collectionIds: undefined };
      }
      const collectionIds = input.collectionIds ?? [];
      const existing = await existingCollectionIds(db, tenantId, collectionIds);
      const unknown = collectionIds.filter((id) => !existing.has(id));
      if (unknown.length > 0) throw unknownIds('collection', 'collectionIds', unknown);
      const productIds = await productIdsOfCollections(db, tenantId, collectionIds);
      const fail = (message: string) => new TollgateError('validation_failed', message, { errors: [{ path: 'collectionIds', message }] });
      if (productIds.length === 0) throw fail('The selected collections contain no products');
      if (productIds.length > MAX_PRODUCTS_PER_JOB) {
        throw fail(`A job may include at most ${MAX_PRODUCTS_PER_JOB} products; the selected collections contain ${productIds.length}`);
      }
      return { ...input, productIds };
    },
    maxAttempts: 3,
    async process({ tenantId, input }, { jobInput, signal }): Promise<CatalogItemResult> {
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
  });
}
