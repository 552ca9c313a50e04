/**
 * Request bodies and queries of the seed routes, checked by hand rather than by a schema: the seed's
 * clients show `message` next to `field`, so each failure gets one sentence a merchant can act on,
 * and the first failure is the one reported.
 */
import { decodeCursor as decode, encodeCursor } from '../../http/kit.js';
import { ATTRIBUTES, type Attribute } from './attributes.js';
import type { CollectionRow, ProductRow } from './catalog.store.js';
import { validationError } from './envelope.js';
import { MAX_ATTRIBUTES_LISTED, MAX_COLLECTIONS_PER_JOB, MAX_ID_CHARS, MAX_PRODUCTS_PER_JOB, MAX_PROMPT_CHARS, canonicalLanguage } from './job-type.js';

export const MAX_PRODUCTS_PER_REQUEST = 10_000;
export const MAX_COLLECTIONS_PER_REQUEST = 10_000;
const MAX_TITLE_CHARS = 1000;
const MAX_DESCRIPTION_CHARS = 100_000;
const MAX_ATTRIBUTES = 100;
const MAX_ATTRIBUTE_KEY_CHARS = 100;
const MAX_ATTRIBUTE_VALUE_CHARS = 10_000;
const MAX_MEMBERSHIPS = 10_000;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_CHARS;
const absent = (v: unknown) => v === undefined || v === null;

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw validationError('Request body must be valid JSON');
  }
}

/** Ids in first-seen order, each once. */
const unique = (ids: string[]) => [...new Set(ids)];

function idList(value: unknown, field: string, noun: string, max: number): string[] {
  if (!Array.isArray(value) || !value.every(isId)) throw validationError(`${field} must be a list of ${noun} ids (non-empty strings of at most ${MAX_ID_CHARS} characters)`, field);
  // The list as sent is bounded, as the job type's schema bounds it: naming an id twice counts twice here.
  if (value.length > max) throw validationError(`${field} may name at most ${max} ${noun}s; it names ${value.length}`, field);
  return unique(value);
}

// --- POST /api/jobs -------------------------------------------------------------------------

export interface JobRequest {
  sourceScope: 'products' | 'collections';
  /** The selection as sent, each id once: product ids, or collection ids for a collections scope. */
  ids: string[];
  attributes: Attribute[];
  language: string;
  prompt: string | null;
}

export function parseJobRequest(body: unknown): JobRequest {
  if (!isObject(body)) throw validationError('Request body must be a JSON object');

  const attributes = body.attributes;
  if (absent(attributes) || (Array.isArray(attributes) && attributes.length === 0)) {
    throw validationError('At least one attribute must be selected', 'attributes');
  }
  if (!Array.isArray(attributes) || !attributes.every((a) => typeof a === 'string')) {
    throw validationError('attributes must be a list of attribute names', 'attributes');
  }
  if (attributes.length > MAX_ATTRIBUTES_LISTED) throw validationError(`attributes may list at most ${MAX_ATTRIBUTES_LISTED} attributes`, 'attributes');
  const unknownAttribute = attributes.find((a) => !(ATTRIBUTES as readonly string[]).includes(a));
  if (unknownAttribute !== undefined) {
    throw validationError(`Unknown attribute "${unknownAttribute}". Allowed: ${ATTRIBUTES.join(', ')}`, 'attributes');
  }

  const scope = body.sourceScope;
  if (scope !== 'products' && scope !== 'collections') throw validationError('sourceScope must be "products" or "collections"', 'sourceScope');

  const field = scope === 'products' ? 'productIds' : 'collectionIds';
  const noun = scope === 'products' ? 'product' : 'collection';
  const selected = body[field];
  if (absent(selected) || (Array.isArray(selected) && selected.length === 0)) throw validationError(`At least one ${noun} must be selected`, field);
  const ids = idList(selected, field, noun, scope === 'products' ? MAX_PRODUCTS_PER_JOB : MAX_COLLECTIONS_PER_JOB);

  const language = canonicalLanguage(body.language);
  if (language === undefined) throw validationError('language must be a BCP-47 tag such as "en" or "de-CH"', 'language');

  const prompt = body.prompt;
  if (!absent(prompt) && typeof prompt !== 'string') throw validationError('prompt must be a string', 'prompt');
  if (typeof prompt === 'string' && prompt.length > MAX_PROMPT_CHARS) throw validationError(`prompt must be at most ${MAX_PROMPT_CHARS} characters`, 'prompt');

  return {
    sourceScope: scope,
    ids,
    attributes: unique(attributes) as Attribute[],
    language,
    prompt: typeof prompt === 'string' && prompt.trim() !== '' ? prompt : null,
  };
}

// --- PUT /api/catalog/* ---------------------------------------------------------------------

function text(value: unknown, field: string, max: number, optional: boolean): string | null {
  if (optional && absent(value)) return null;
  if (typeof value !== 'string' || value.length > max) throw validationError(`${field} must be a string of at most ${max} characters`, field);
  return value;
}

function attributesOf(value: unknown, field: string): Record<string, string> {
  if (absent(value)) return {};
  if (!isObject(value)) throw validationError(`${field} must be an object of attribute values`, field);
  const entries = Object.entries(value);
  if (entries.length > MAX_ATTRIBUTES) throw validationError(`${field} may hold at most ${MAX_ATTRIBUTES} attributes`, field);
  const out: Record<string, string> = {};
  for (const [key, v] of entries) {
    if (key.length === 0 || key.length > MAX_ATTRIBUTE_KEY_CHARS) throw validationError(`${field} keys must be 1 to ${MAX_ATTRIBUTE_KEY_CHARS} characters`, field);
    if (v === null) continue;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw validationError(`${field}.${key} must be a string, number or boolean`, `${field}.${key}`);
    }
    const s = String(v);
    if (s.length > MAX_ATTRIBUTE_VALUE_CHARS) throw validationError(`${field}.${key} must be at most ${MAX_ATTRIBUTE_VALUE_CHARS} characters`, `${field}.${key}`);
    out[key] = s;
  }
  return out;
}

/** A later entry with the same id replaces an earlier one, as a second request would. */
const lastWins = <T extends { id: string }>(rows: T[]) => [...new Map(rows.map((r) => [r.id, r])).values()];

export function parseProducts(body: unknown): ProductRow[] {
  const products = isObject(body) ? body.products : undefined;
  if (!Array.isArray(products)) throw validationError('products must be a list of products', 'products');
  if (products.length > MAX_PRODUCTS_PER_REQUEST) {
    throw validationError(`At most ${MAX_PRODUCTS_PER_REQUEST} products per request; this one has ${products.length}`, 'products');
  }
  return lastWins(
    products.map((p, i): ProductRow => {
      const at = `products[${i}]`;
      if (!isObject(p)) throw validationError(`${at} must be an object`, at);
      if (!isId(p.id)) throw validationError(`${at}.id must be a non-empty string of at most ${MAX_ID_CHARS} characters`, `${at}.id`);
      return {
        id: p.id,
        title: text(p.title, `${at}.title`, MAX_TITLE_CHARS, false)!,
        description: text(p.description, `${at}.description`, MAX_DESCRIPTION_CHARS, true),
        attributes: attributesOf(p.attributes, `${at}.attributes`),
        collectionIds: absent(p.collectionIds) ? undefined : idList(p.collectionIds, `${at}.collectionIds`, 'collection', MAX_MEMBERSHIPS),
      };
    }),
  );
}

export function parseCollections(body: unknown): CollectionRow[] {
  const collections = isObject(body) ? body.collections : undefined;
  if (!Array.isArray(collections)) throw validationError('collections must be a list of collections', 'collections');
  if (collections.length > MAX_COLLECTIONS_PER_REQUEST) {
    throw validationError(`At most ${MAX_COLLECTIONS_PER_REQUEST} collections per request; this one has ${collections.length}`, 'collections');
  }
  return lastWins(
    collections.map((c, i): CollectionRow => {
      const at = `collections[${i}]`;
      if (!isObject(c)) throw validationError(`${at} must be an object`, at);
      if (!isId(c.id)) throw validationError(`${at}.id must be a non-empty string of at most ${MAX_ID_CHARS} characters`, `${at}.id`);
      return {
        id: c.id,
        title: text(c.title, `${at}.title`, MAX_TITLE_CHARS, false)!,
        productIds: absent(c.productIds) ? undefined : idList(c.productIds, `${at}.productIds`, 'product', MAX_MEMBERSHIPS),
      };
    }),
  );
}

// --- Queries ----------------------------------------------------------------------------------

export function parseLimit(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw validationError(`limit must be an integer between 1 and ${max}`, 'limit');
  return n;
}

export { encodeCursor };

export function decodeCursor<T>(cursor: string | undefined, check: (v: unknown) => v is T): T | undefined {
  const value = decode(cursor, check);
  if (value === 'invalid') throw validationError('cursor is not one this API issued', 'cursor');
  return value;
}
