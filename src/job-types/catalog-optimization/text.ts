/** Text helpers of the local optimizer: HTML out, Unicode-aware casing, segmentation and fitting to a limit. */
import { own } from '../../core/records.js';

// --- Text --------------------------------------------------------------------

export const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', trade: '™', reg: '®', copy: '©', euro: '€',
  pound: '£', deg: '°', times: '×', middot: '·', bull: '•', shy: '',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return own(ENTITIES, name.toLowerCase()) ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : '';
  });
}

/** Tags out (block tags become paragraph breaks), entities decoded; twice, because feeds often escape HTML once more. */
export function stripHtml(text: string): string {
  const strip = (s: string) =>
    s
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/?(?:p|div|li|ul|ol|h[1-6]|tr|table|section|article|blockquote)\b[^>]*>/gi, '\n\n')
      .replace(/<\/?[a-z][^>]*>/gi, '');
  return strip(decodeEntities(strip(text)));
}

export function sanitize(text: string): string {
  return text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, ' ')
    .replace(/([!?.])\1{2,}/g, '$1');
}

/** One line: HTML out, whitespace collapsed. */
export function cleanLine(text: string): string {
  return sanitize(stripHtml(text)).replace(/\s+/g, ' ').trim();
}

export function cleanParagraphs(text: string): string[] {
  return sanitize(stripHtml(text))
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((line) => line.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n'))
    .filter(Boolean);
}

export function safeLocale(language: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(language.trim().replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}

export function words(text: string, locale: string | undefined): string[] {
  return text.toLocaleLowerCase(locale).split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
}

export function normalize(text: string, locale: string | undefined): string {
  return words(text, locale).join(' ');
}

export function includes(haystack: string, needle: string, locale: string | undefined): boolean {
  const n = normalize(needle, locale);
  return n !== '' && ` ${normalize(haystack, locale)} `.includes(` ${n} `);
}

export function sentence(text: string, locale: string | undefined): string {
  const s = upperFirst(text.trim(), locale);
  return s === '' || /[.!?…]$/.test(s) ? s : `${s}.`;
}

/** All capitals and a word of five or more letters: a shouted title, not a run of acronyms. */
export function isShouting(text: string): boolean {
  return !/\p{Ll}/u.test(text) && /\p{Lu}{5,}/u.test(text);
}

export const ACRONYMS = new Set(
  'AC AI BPA DC DIY DVD EU GPS HD HDMI LCD LED NFC PC RGB SPF TV UK UHD US USA USB UV XL XXL XS'.split(' '),
);

/** Lowers every run of two or more letters except known acronyms; single letters (T-SHIRT, I) stay. */
export function lowerShouted(text: string, locale: string | undefined): string {
  return text.replace(/\p{L}{2,}/gu, (run) => (ACRONYMS.has(run) ? run : run.toLocaleLowerCase(locale)));
}

/** Upper-cases the first letter, unless the word is already cased on purpose (iPhone, USB) or starts with a digit. */
export function upperFirst(word: string, locale: string | undefined): string {
  const i = word.search(/[\p{L}\p{N}]/u);
  if (i < 0 || !/\p{L}/u.test(word[i]!) || /^.[^\s]*\p{Lu}/u.test(word.slice(i))) return word;
  const first = String.fromCodePoint(word.codePointAt(i)!);
  return word.slice(0, i) + first.toLocaleUpperCase(locale) + word.slice(i + first.length);
}

export const EN_SMALL_WORDS = new Set(
  'a an and as at but by for from in into nor of on or per the to via vs with'.split(' '),
);

/**
 * English: title case, small words lower inside the title. German: as written,
 * first letter up (nouns are capitalised and cannot be told from the rest).
 * Other languages: sentence case. Shouted text is lowered first, except German.
 */
export function caseTitle(text: string, lang: string, locale: string | undefined): string {
  if (!text) return text;
  const shouting = isShouting(text) && lang !== 'de';
  const tokens = (shouting ? lowerShouted(text, locale) : text).split(' ');
  if (lang !== 'en') return upperFirst(tokens.join(' '), locale);
  const last = tokens.length - 1;
  return tokens
    .map((token, i) =>
      token
        .split('-')
        .map((part, j) => {
          const bare = part.toLowerCase().replace(/[^a-z]/g, '');
          const inner = i > 0 && i < last && !/[:–—-]$/.test(tokens[i - 1]!);
          return (inner || j > 0) && EN_SMALL_WORDS.has(bare) && part === part.toLowerCase() ? part : upperFirst(part, locale);
        })
        .join('-'),
    )
    .join(' ');
}

/** Sentence starts up; a shouted paragraph is lowered first, except in German. */
export function capitalizeSentence(paragraph: string, lang: string, locale: string | undefined): string {
  const shouting = isShouting(paragraph) && lang !== 'de';
  // Segment before lowering: sentence breaks are found by the capital that follows a full stop.
  return segments(paragraph, locale, 'sentence')
    .map((s) => upperFirst(shouting ? lowerShouted(s, locale) : s, locale))
    .join('');
}

export function splitSentences(text: string, locale: string | undefined): string[] {
  return segments(text, locale, 'sentence').map((s) => s.trim()).filter(Boolean);
}

export function segments(text: string, locale: string | undefined, granularity: 'grapheme' | 'word' | 'sentence'): string[] {
  return Array.from(new Intl.Segmenter(locale, { granularity }).segment(text), (s) => s.segment);
}

/** Whole sentences while they fit; if not even one does, a cut at a word boundary. */
export function fitSentences(text: string, max: number, locale: string | undefined): string {
  if (text.length <= max) return text;
  let out = '';
  for (const s of segments(text, locale, 'sentence')) {
    if ((out + s).trimEnd().length > max) break;
    out += s;
  }
  return out.trim() || fit(text, max, locale);
}

export const DANGLING = /[\s,;:|/&+·•–—-]+$/u;
export const CONNECTORS = new Set(
  'a an and or with for of the to in und oder mit für aus von der die das et ou avec pour de du des le la les y o con para del el los las'.split(' '),
);

/**
 * `text` cut to at most `max` code units at a word boundary, without dangling
 * punctuation or connectors ("… cotton and"). Falls back to the locale's word
 * segmentation (CJK has no spaces), then to whole graphemes.
 */
export function fit(text: string, max: number, locale: string | undefined): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max + 1);
  const space = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\n'));
  let out = space > 0 ? text.slice(0, space) : takeWhileFits(segments(text, locale, 'word'), max);
  if (!out.trim()) out = takeWhileFits(segments(text, locale, 'grapheme'), max);
  let trimmed = out.replace(DANGLING, '');
  for (;;) {
    const cut = trimmed.lastIndexOf(' ');
    if (cut <= 0 || !CONNECTORS.has(trimmed.slice(cut + 1).toLowerCase())) break;
    trimmed = trimmed.slice(0, cut).replace(DANGLING, '');
  }
  return trimmed.trim() ? trimmed.trimEnd() : out.trimEnd();
}

export function takeWhileFits(parts: string[], max: number): string {
  let out = '';
  for (const part of parts) {
    if (out.length + part.length > max) break;
    out += part;
  }
  return out;
}
