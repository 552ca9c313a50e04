// The optimizer form as data: what it costs (products × attributes, as seed 004 charges it),
// what it sends, and what the server's answer means for the reader.
import { MAX_PROMPT_CHARS } from '../../../../src/job-types/catalog-optimization/limits.js';
import { ApiError } from '../../api.js';
import { formatNumber } from '../../lib/format.js';
import type { Collection, OptimizationRequest } from '../../types.js';

export type Scope = 'products' | 'collections';

export interface OptimizerForm {
  scope: Scope;
  /** id → title, so a selection survives a new search. */
  products: ReadonlyMap<string, string>;
  collections: ReadonlySet<string>;
  attributes: ReadonlySet<string>;
  language: string;
  prompt: string;
}

export const emptyForm: OptimizerForm = {
  scope: 'products',
  products: new Map(),
  collections: new Set(),
  attributes: new Set(),
  language: 'en',
  prompt: '',
};

export const LANGUAGES: readonly { code: string; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'French' },
  { code: 'de', name: 'German' },
  { code: 'es', name: 'Spanish' },
  { code: 'it', name: 'Italian' },
  { code: 'pt', name: 'Portuguese' },
  { code: 'nl', name: 'Dutch' },
  { code: 'ja', name: 'Japanese' },
];

/** The API's own limit, from the one place both read. */
export const PROMPT_MAX = MAX_PROMPT_CHARS;

export type FieldErrors = Partial<Record<'sourceScope' | 'productIds' | 'collectionIds' | 'attributes' | 'language' | 'prompt', string>>;

/** How many products the job covers. For collections this is an upper bound: a product in two collections is optimized once. */
export function productCount(form: OptimizerForm, collections: readonly Collection[]): number {
  if (form.scope === 'products') return form.products.size;
  return collections.filter((c) => form.collections.has(c.id)).reduce((sum, c) => sum + c.productCount, 0);
}

export function requiredCredits(form: OptimizerForm, collections: readonly Collection[]): number {
  return productCount(form, collections) * form.attributes.size;
}

export function validate(form: OptimizerForm): FieldErrors {
  const errors: FieldErrors = {};
  if (form.scope === 'products' && form.products.size === 0) errors.productIds = 'Select at least one product.';
  if (form.scope === 'collections' && form.collections.size === 0) errors.collectionIds = 'Select at least one collection.';
  if (form.attributes.size === 0) errors.attributes = 'Select at least one attribute to optimize.';
  if (!form.language) errors.language = 'Choose a language.';
  if (form.prompt.length > PROMPT_MAX) errors.prompt = `Keep the prompt to ${formatNumber(PROMPT_MAX)} characters or fewer.`;
  return errors;
}

export function toRequest(form: OptimizerForm): OptimizationRequest {
  const prompt = form.prompt.trim();
  return {
    sourceScope: form.scope,
    ...(form.scope === 'products' ? { productIds: [...form.products.keys()] } : { collectionIds: [...form.collections] }),
    attributes: [...form.attributes],
    language: form.language,
    ...(prompt ? { prompt } : {}),
  };
}

export type SubmitProblem =
  | { kind: 'credits'; required: number; remaining: number; missing: number }
  | { kind: 'fields'; fields: FieldErrors; message: string | null }
  | { kind: 'other'; message: string };

const FIELDS = new Set(['sourceScope', 'productIds', 'collectionIds', 'attributes', 'language', 'prompt']);

/** Read the seed's 402 and 400 answers (and /v1 problems, should the route speak them). */
export function describeFailure(error: unknown, fallbackRequired: number): SubmitProblem {
  if (!(error instanceof ApiError)) return { kind: 'other', message: error instanceof Error ? error.message : 'The job was not created.' };
  if (error.status === 402) {
    const required = error.number('required') ?? fallbackRequired;
    const remaining = error.number('remaining') ?? 0;
    return { kind: 'credits', required, remaining, missing: Math.max(required - remaining, 1) };
  }
  if (error.status === 400) {
    const fields: FieldErrors = {};
    for (const [field, message] of Object.entries(error.fieldErrors())) {
      const key = field.split('.')[0] ?? field;
      if (FIELDS.has(key)) fields[key as keyof FieldErrors] ??= message;
    }
    return { kind: 'fields', fields, message: Object.keys(fields).length ? null : error.message };
  }
  return { kind: 'other', message: error.message };
}
