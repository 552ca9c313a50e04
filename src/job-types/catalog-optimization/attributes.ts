/**
 * What the catalog optimizer can rewrite, and how long each result may be.
 *
 * Limits follow what storefronts and search engines show without cutting:
 * a 60-character SEO title and 160-character meta description are what
 * result pages display, 125 characters is where screen readers commonly stop
 * reading alt text, and 13 tags of at most 30 characters is the tightest of
 * the common marketplace rules. Lengths are counted in UTF-16 code units
 * (JavaScript's `length`), never fewer than the characters a platform counts,
 * so a value within our limit is within theirs.
 */
import { z } from 'zod';

export const ATTRIBUTES = ['title', 'description', 'seo_title', 'seo_description', 'tags', 'alt_text'] as const;
export const Attribute = z.enum(ATTRIBUTES);
export type Attribute = z.infer<typeof Attribute>;

export interface AttributeLimit {
  /** Longest value, in UTF-16 code units. For tags, of the whole ", "-separated list. */
  maxChars: number;
  /** Tags only: how many. */
  maxItems?: number;
  /** Tags only: longest tag. */
  maxItemChars?: number;
}

export const TAG_SEPARATOR = ', ';
const MAX_TAGS = 13;
const MAX_TAG_CHARS = 30;

export const ATTRIBUTE_LIMITS: Readonly<Record<Attribute, AttributeLimit>> = {
  title: { maxChars: 70 },
  description: { maxChars: 2000 },
  seo_title: { maxChars: 60 },
  seo_description: { maxChars: 160 },
  tags: {
    maxChars: MAX_TAGS * MAX_TAG_CHARS + (MAX_TAGS - 1) * TAG_SEPARATOR.length,
    maxItems: MAX_TAGS,
    maxItemChars: MAX_TAG_CHARS,
  },
  alt_text: { maxChars: 125 },
};

/** One line per attribute, for people and for the AI prompt. */
export const ATTRIBUTE_DESCRIPTIONS: Readonly<Record<Attribute, string>> = {
  title: 'the product name shown on the product page and in lists',
  description: 'the product page body text, plain text, paragraphs separated by a blank line',
  seo_title: 'the <title> shown as the headline of a search result',
  seo_description: 'the meta description shown under the headline of a search result',
  tags: 'search and filter tags, lowercase, separated by ", "',
  alt_text: "the image's alternative text read by screen readers: what the photo shows, no marketing",
};

/** A product as the optimizer sees it. `attributes` holds e.g. color, material, size, vendor, product_type, tags (a comma list). */
export const CatalogProduct = z.object({
  id: z.string().min(1),
  title: z.string(),
  description: z.string().nullable(),
  attributes: z.record(z.string(), z.string()),
  collectionIds: z.array(z.string()),
});
export type CatalogProduct = z.infer<typeof CatalogProduct>;

/** The attribute's current value: `title` and `description` are fields, the rest live in `attributes`. */
export function currentValue(product: CatalogProduct, attribute: Attribute): string | null {
  if (attribute === 'title') return product.title;
  if (attribute === 'description') return product.description;
  return productAttribute(product, attribute) ?? null;
}

/** An entry of `product.attributes`, matching the key case-insensitively; the first of `keys` present wins. */
export function productAttribute(product: CatalogProduct, ...keys: string[]): string | undefined {
  for (const key of keys) {
    if (Object.hasOwn(product.attributes, key)) return product.attributes[key];
    const found = Object.keys(product.attributes).find((k) => k.toLowerCase() === key);
    if (found !== undefined) return product.attributes[found];
  }
  return undefined;
}

export function splitTags(value: string): string[] {
  return value
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/** Why `value` breaks the attribute's limits, or undefined when it keeps them. */
export function limitViolation(attribute: Attribute, value: string): string | undefined {
  const limit = ATTRIBUTE_LIMITS[attribute];
  if (value.length > limit.maxChars) return `${attribute} is ${value.length} characters, more than ${limit.maxChars}`;
  if (attribute !== 'tags') return undefined;
  const tags = splitTags(value);
  if (limit.maxItems !== undefined && tags.length > limit.maxItems) {
    return `${tags.length} tags, more than ${limit.maxItems}`;
  }
  const long = tags.find((tag) => limit.maxItemChars !== undefined && tag.length > limit.maxItemChars);
  return long === undefined ? undefined : `tag "${long}" is longer than ${limit.maxItemChars} characters`;
}
