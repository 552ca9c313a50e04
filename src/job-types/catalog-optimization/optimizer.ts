/**
 * The local catalog optimizer: rewrites one product attribute with fixed
 * rules, no AI provider. It is deterministic (same input, same output), never
 * throws on odd input, and never exceeds the attribute's limit: every
 * builder ends in `fit`, which cuts at a word boundary.
 *
 * It tidies and recombines what the product already says; it never invents
 * claims. The rules are documented in docs/catalog-optimization.md ("The local optimizer's rules"), which MUST
 * change together with this file (and LOCAL_OPTIMIZER_VERSION with any
 * change of output).
 */
import { own } from '../../core/records.js';
import {
  ATTRIBUTE_LIMITS,
  TAG_SEPARATOR,
  currentValue,
  productAttribute,
  splitTags,
  type Attribute,
  type CatalogProduct,
} from './attributes.js';
import { cleanLine, cleanParagraphs, safeLocale, words, normalize, includes, sentence, caseTitle, capitalizeSentence, splitSentences, fitSentences, CONNECTORS, fit } from './text.js';

export const LOCAL_OPTIMIZER_VERSION = 'tollgate-local-catalog-v1';

export interface OptimizeAttributeInput {
  product: CatalogProduct;
  attribute: Attribute;
  /** BCP-47 tag of the output language, e.g. `en-US`, `de`. Unknown tags fall back to untailored rules. */
  language: string;
  /** The merchant's instruction. Locally only "mention / highlight / emphasize X" is understood. */
  prompt?: string | null;
}

export interface OptimizeAttributeResult {
  original: string | null;
  optimized: string;
}

export function optimizeAttributeLocally(input: OptimizeAttributeInput): OptimizeAttributeResult {
  const ctx = context(input);
  return { original: currentValue(input.product, input.attribute), optimized: BUILDERS[input.attribute](ctx) };
}

interface Context {
  product: CatalogProduct;
  locale: string | undefined;
  /** Primary language subtag, lowercase: `en`, `de`, … or '' when unknown. */
  lang: string;
  /** The cleaned, cased title, not yet cut. */
  title: string;
  /** Color and material values the title does not already say. */
  qualifiers: string[];
  mentions: string[];
}

const BUILDERS: Record<Attribute, (ctx: Context) => string> = {
  title: ({ title, locale }) => fit(title, ATTRIBUTE_LIMITS.title.maxChars, locale),
  description: buildDescription,
  seo_title: buildSeoTitle,
  seo_description: buildSeoDescription,
  tags: buildTags,
  alt_text: buildAltText,
};

/** Longer input cannot improve a result of at most 2,000 characters, and would only cost time. */
const MAX_INPUT_CHARS = 20_000;

function context({ product: raw, language, prompt }: OptimizeAttributeInput): Context {
  const product: CatalogProduct = {
    ...raw,
    title: raw.title.slice(0, MAX_INPUT_CHARS),
    description: raw.description?.slice(0, MAX_INPUT_CHARS) ?? null,
    attributes: Object.fromEntries(Object.entries(raw.attributes).map(([k, v]) => [k, v.slice(0, MAX_INPUT_CHARS)])),
  };
  const locale = safeLocale(language);
  const lang = locale?.split('-')[0]?.toLowerCase() ?? '';
  const title = caseTitle(cleanLine(product.title), lang, locale);
  const titleWords = new Set(words(title, locale));
  const qualifiers = [productAttribute(product, 'color', 'colour'), productAttribute(product, 'material')]
    .map((value) => cleanLine(value ?? ''))
    .filter((value) => value !== '' && !words(value, locale).every((w) => titleWords.has(w)));
  return { product, locale, lang, title, qualifiers, mentions: mentionsIn((prompt ?? '').slice(0, MAX_INPUT_CHARS)) };
}

// --- Attribute builders ------------------------------------------------------

const LABELS: Record<string, { color: string; material: string; size: string; brand: string }> = {
  en: { color: 'Color', material: 'Material', size: 'Size', brand: 'Brand' },
  de: { color: 'Farbe', material: 'Material', size: 'Größe', brand: 'Marke' },
  fr: { color: 'Couleur', material: 'Matière', size: 'Taille', brand: 'Marque' },
  es: { color: 'Color', material: 'Material', size: 'Talla', brand: 'Marca' },
  it: { color: 'Colore', material: 'Materiale', size: 'Taglia', brand: 'Marca' },
  nl: { color: 'Kleur', material: 'Materiaal', size: 'Maat', brand: 'Merk' },
  pt: { color: 'Cor', material: 'Material', size: 'Tamanho', brand: 'Marca' },
};

/** Cleaned paragraphs; without any, a summary of the title and attributes. Mentions are a last paragraph. */
function buildDescription(ctx: Context): string {
  const max = ATTRIBUTE_LIMITS.description.maxChars;
  const existing = cleanParagraphs(ctx.product.description ?? '')
    .map((p) => capitalizeSentence(p, ctx.lang, ctx.locale))
    .join('\n\n');
  const body = existing || generatedDescription(ctx);
  const extra = ctx.mentions.filter((m) => !includes(body, m, ctx.locale)).map((m) => sentence(m, ctx.locale)).join(' ');
  if (!extra) return fitSentences(body, max, ctx.locale);
  if (!body) return fit(extra, max, ctx.locale);
  const room = max - extra.length - 2;
  return room > 0 ? `${fitSentences(body, room, ctx.locale)}\n\n${extra}` : fitSentences(body, max, ctx.locale);
}

function generatedDescription(ctx: Context): string {
  const labels = own(LABELS, ctx.lang) ?? LABELS.en!;
  const facts: [string, string | undefined][] = [
    [labels.color, productAttribute(ctx.product, 'color', 'colour')],
    [labels.material, productAttribute(ctx.product, 'material')],
    [labels.size, productAttribute(ctx.product, 'size')],
    [labels.brand, productAttribute(ctx.product, 'vendor', 'brand')],
  ];
  const parts = facts
    .map(([label, value]) => [label, cleanLine(value ?? '')] as const)
    .filter(([, value]) => value !== '')
    .map(([label, value]) => `${label}: ${sentence(value, ctx.locale)}`);
  return [ctx.title ? sentence(ctx.title, ctx.locale) : '', ...parts].filter(Boolean).join(' ');
}

/** Title first, then " – qualifiers", " | mention" and " | vendor", each only if it still fits. */
function buildSeoTitle(ctx: Context): string {
  const max = ATTRIBUTE_LIMITS.seo_title.maxChars;
  const vendor = cleanLine(productAttribute(ctx.product, 'vendor', 'brand') ?? '');
  const segments: [string, string][] = [
    [' – ', caseTitle(ctx.qualifiers.join(', '), ctx.lang, ctx.locale)],
    ...ctx.mentions.map((m): [string, string] => [' | ', caseTitle(m, ctx.lang, ctx.locale)]),
    [' | ', vendor && !includes(ctx.title, vendor, ctx.locale) ? vendor : ''],
  ];
  let out = fit(ctx.title, max, ctx.locale);
  for (const [separator, text] of segments) {
    if (!text) continue;
    const next = out ? `${out}${separator}${text}` : text;
    if (next.length <= max) out = next;
  }
  return out;
}

/** A lead sentence naming the product, whole sentences of the description, and the mentions (whose room is reserved). */
function buildSeoDescription(ctx: Context): string {
  const max = ATTRIBUTE_LIMITS.seo_description.maxChars;
  const lead = fit(
    ctx.title ? sentence(ctx.qualifiers.length ? `${ctx.title} – ${ctx.qualifiers.join(', ')}` : ctx.title, ctx.locale) : '',
    max,
    ctx.locale,
  );
  const text = capitalizeSentence(cleanLine(ctx.product.description ?? ''), ctx.lang, ctx.locale) || generatedDescription(ctx);
  const mentions = ctx.mentions.filter((m) => !includes(text, m, ctx.locale)).map((m) => sentence(m, ctx.locale));
  while (mentions.length && [lead, ...mentions].join(' ').length > max) mentions.pop();
  const tail = mentions.join(' ');

  let room = max - [lead, tail].filter(Boolean).join(' ').length;
  const middle: string[] = [];
  const sentences = splitSentences(text, ctx.locale).filter((s) => normalize(s, ctx.locale) !== normalize(ctx.title, ctx.locale));
  for (const s of sentences) {
    const cost = s.length + 1;
    if (cost > room) break;
    middle.push(s);
    room -= cost;
  }
  const partial = middle.length === 0 && sentences[0] && room > 30 ? fit(sentences[0], room - 2, ctx.locale) : '';
  if (partial) middle.push(`${partial}…`);
  return [lead, ...middle, tail].filter(Boolean).join(' ');
}

/** Existing tags, product type, color, material, vendor and mentions; normalized, deduplicated, title matches first. */
function buildTags(ctx: Context): string {
  const { maxItems = 13, maxItemChars = 30 } = ATTRIBUTE_LIMITS.tags;
  const sources = [
    ...splitTags(productAttribute(ctx.product, 'tags') ?? ''),
    ...[['product_type'], ['color', 'colour'], ['material'], ['vendor', 'brand']].map(
      (keys) => productAttribute(ctx.product, ...keys) ?? '',
    ),
    ...ctx.mentions,
  ];
  const titleWords = words(ctx.title, ctx.locale);
  const seen = new Set<string>();
  const tags: { tag: string; relevance: number }[] = [];
  const add = (source: string) => {
    const tag = normalizeTag(source, maxItemChars, ctx.locale);
    const key = tag.replace(/[-\s]+/g, ' ');
    if (tag.length < 2 || seen.has(key)) return;
    seen.add(key);
    tags.push({ tag, relevance: words(tag, ctx.locale).filter((w) => titleWords.includes(w)).length });
  };
  sources.forEach(add);
  // A product with hardly any tags gets the title's keywords.
  for (const word of titleWords) {
    if (tags.length >= MIN_TAGS) break;
    if ([...word].length >= 3 && !CONNECTORS.has(word)) add(word);
  }
  // Array.prototype.sort is stable: equally relevant tags keep their source order.
  return tags
    .sort((a, b) => b.relevance - a.relevance)
    .slice(0, maxItems)
    .map((t) => t.tag)
    .join(TAG_SEPARATOR);
}

const MIN_TAGS = 5;

function normalizeTag(raw: string, max: number, locale: string | undefined): string {
  const tag = cleanLine(raw)
    .toLocaleLowerCase(locale)
    .replace(/_/g, ' ')
    .replace(/[^\p{L}\p{M}\p{N}\s&'%+.-]/gu, ' ')
    .replace(/\s*-\s*/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[\s&'%+.-]+|[\s&'+.-]+$/g, '');
  return fit(tag, max, locale);
}

/** What the photo shows: the title with its color and material, no marketing. */
function buildAltText(ctx: Context): string {
  const subject = ctx.title || cleanLine(productAttribute(ctx.product, 'product_type') ?? '');
  let text = subject;
  if (subject && ctx.qualifiers.length) {
    text =
      ctx.lang === 'en'
        ? `${subject} in ${ctx.qualifiers.join(' ').toLocaleLowerCase(ctx.locale)}`
        : `${subject} – ${ctx.qualifiers.join(', ')}`;
  }
  return fit(text, ATTRIBUTE_LIMITS.alt_text.maxChars, ctx.locale);
}

// --- Prompt ----------------------------------------------------------------

const MENTION = /\b(?:mention|highlight|emphasi[sz]e)\s+(?:that\s+|the\s+)?["“']?([^.;!?\n"“”]+)/giu;
const MAX_MENTIONS = 3;
const MAX_MENTION_CHARS = 40;

/** Phrases after "mention", "highlight" or "emphasize", split at commas and "and"; at most 3 of at most 40 characters. */
export function mentionsIn(prompt: string): string[] {
  const found: string[] = [];
  for (const match of cleanLine(prompt).matchAll(MENTION)) {
    for (const part of (match[1] ?? '').split(/,|&|\band\b/i)) {
      const phrase = part.replace(/^['‘’\s]+|['‘’\s]+$/g, '');
      const known = found.some((f) => f.toLowerCase() === phrase.toLowerCase());
      if (phrase && phrase.length <= MAX_MENTION_CHARS && !known) found.push(phrase);
    }
  }
  return found.slice(0, MAX_MENTIONS);
}
