import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ATTRIBUTES, ATTRIBUTE_LIMITS, limitViolation, type Attribute, type CatalogProduct } from './attributes.js';
import { mentionsIn, optimizeAttributeLocally } from './optimizer.js';

describe('optimizeAttributeLocally, property', () => {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.string({ unit: 'grapheme', maxLength: 3000 }),
    fc.array(fc.constantFrom('<p>', '</p>', '&amp;', '&#x1F600;', '&#55296;', 'WORD', 'word ', ' ', '\n', '-', ',', 'ß', 'İ', 'ﬁ', '日本語', 'a'.repeat(80)), { maxLength: 200 }).map((parts) => parts.join('')),
  );
  const product: fc.Arbitrary<CatalogProduct> = fc.record({
    id: fc.constant('p'),
    title: text,
    description: fc.option(text, { nil: null }),
    attributes: fc.dictionary(fc.constantFrom('color', 'Colour', 'material', 'size', 'vendor', 'product_type', 'tags', 'seo_title'), text),
    collectionIds: fc.array(fc.string()),
  });
  const language = fc.oneof(fc.constantFrom('en', 'en-US', 'de-DE', 'fr', 'tr', 'ja', 'zh-Hant', 'en_GB', ''), fc.string());
  const prompt = fc.option(fc.oneof(text, text.map((t) => `mention ${t}`)), { nil: undefined });

  it('never throws and never exceeds a limit', () => {
    fc.assert(
      fc.property(product, fc.constantFrom(...ATTRIBUTES), language, prompt, (product, attribute, language, prompt) => {
        const { optimized } = optimizeAttributeLocally({ product, attribute, language, prompt });
        expect(limitViolation(attribute, optimized)).toBeUndefined();
        expect(optimized.length).toBeLessThanOrEqual(ATTRIBUTE_LIMITS[attribute].maxChars);
        expect(optimized).toBe(optimized.trim());
        if (attribute !== 'description') expect(optimized).not.toMatch(/\n/);
      }),
      { numRuns: 500 },
    );
  });
});

const tee: CatalogProduct = {
  id: 'p1',
  title: '  organic cotton t-shirt &amp; more  ',
  description: '<p>Soft, breathable <strong>organic cotton</strong> tee.</p><p>Pre-shrunk &amp; machine washable.<br>Made in Portugal.</p>',
  attributes: {
    color: 'Heather Grey',
    material: 'organic cotton',
    vendor: 'Northwind',
    product_type: 'T-Shirt',
    tags: 'Cotton, #organic, t shirt,  T-Shirt , summer_wear, Basics,, Eco - Friendly',
    seo_title: 'Tee',
    alt_text: 'IMG_0042.jpg',
  },
  collectionIds: ['c1'],
};
const teePrompt = 'Mention free shipping and 30-day returns. Keep it friendly.';

const mug: CatalogProduct = {
  id: 'p2',
  title: 'Tasse aus Steinzeug',
  description: null,
  attributes: { Color: 'Salbeigrün', material: 'Steinzeug', size: '350 ml', vendor: 'Töpferei Lind' },
  collectionIds: [],
};

function optimize(product: CatalogProduct, attribute: Attribute, language = 'en', prompt?: string): string {
  return optimizeAttributeLocally({ product, attribute, language, prompt }).optimized;
}

function titled(title: string, language = 'en'): string {
  return optimize({ id: 'p', title, description: null, attributes: {}, collectionIds: [] }, 'title', language);
}

describe('optimizeAttributeLocally, examples', () => {
  it.each<[Attribute, string | null, string]>([
    ['title', '  organic cotton t-shirt &amp; more  ', 'Organic Cotton T-Shirt & More'],
    [
      'description',
      tee.description,
      'Soft, breathable organic cotton tee.\n\nPre-shrunk & machine washable.\nMade in Portugal.\n\nFree shipping. 30-day returns.',
    ],
    ['seo_title', 'Tee', 'Organic Cotton T-Shirt & More – Heather Grey | Free Shipping'],
    [
      'seo_description',
      null,
      'Organic Cotton T-Shirt & More – Heather Grey. Soft, breathable organic cotton tee. Pre-shrunk & machine washable. Free shipping. 30-day returns.',
    ],
    [
      'tags',
      tee.attributes.tags!,
      't shirt, organic cotton, cotton, organic, summer wear, basics, eco-friendly, heather grey, northwind, free shipping, 30-day returns',
    ],
    ['alt_text', 'IMG_0042.jpg', 'Organic Cotton T-Shirt & More in heather grey'],
  ])('English t-shirt with a prompt: %s', (attribute, original, optimized) => {
    expect(optimizeAttributeLocally({ product: tee, attribute, language: 'en-US', prompt: teePrompt })).toEqual({ original, optimized });
  });

  it.each<[Attribute, string]>([
    ['title', 'Tasse aus Steinzeug'],
    ['description', 'Tasse aus Steinzeug. Farbe: Salbeigrün. Material: Steinzeug. Größe: 350 ml. Marke: Töpferei Lind.'],
    ['seo_title', 'Tasse aus Steinzeug – Salbeigrün | Töpferei Lind'],
    [
      'seo_description',
      'Tasse aus Steinzeug – Salbeigrün. Farbe: Salbeigrün. Material: Steinzeug. Größe: 350 ml. Marke: Töpferei Lind.',
    ],
    ['tags', 'steinzeug, tasse, salbeigrün, töpferei lind'],
    ['alt_text', 'Tasse aus Steinzeug – Salbeigrün'],
  ])('German mug without a description: %s', (attribute, optimized) => {
    expect(optimize(mug, attribute, 'de-DE')).toBe(optimized);
  });
});

describe('titles', () => {
  it.each([
    ['the lord of the rings: the return of the king poster', 'en', 'The Lord of the Rings: The Return of the King Poster'],
    ['apple iPhone 15 case with MagSafe', 'en', 'Apple iPhone 15 Case with MagSafe'],
    ['ready-to-wear wool-and-cashmere coat', 'en', 'Ready-to-Wear Wool-and-Cashmere Coat'],
    ['STAINLESS STEEL WATER BOTTLE WITH USB LIGHT', 'en', 'Stainless Steel Water Bottle with USB Light'],
    ['Ultra<b>soft</b>   &quot;cloud&quot; pillow&nbsp;&ndash; king size!!!', 'en', 'Ultrasoft "Cloud" Pillow – King Size!'],
    ['handgemachte Keramiktasse mit Deckel', 'de', 'Handgemachte Keramiktasse mit Deckel'],
    ['ROTES T-SHIRT AUS BAUMWOLLE', 'de', 'ROTES T-SHIRT AUS BAUMWOLLE'],
    ['tasse en céramique faite main', 'fr', 'Tasse en céramique faite main'],
    ['istanbul çini kase', 'tr', 'İstanbul çini kase'],
    ['organic cotton tee', 'not a language!', 'Organic cotton tee'],
    // Entity names are looked up as own keys only: these are not entities, and stay as written.
    ['mug &constructor; &toString; set', 'en', 'Mug &Constructor; &toString; Set'],
  ])('%s (%s) → %s', (title, language, expected) => {
    expect(titled(title, language)).toBe(expected);
  });

  it('cuts a long title at a word boundary, dropping a dangling connector', () => {
    expect(titled('Premium Heavyweight Organic Cotton Crew Neck T-Shirt with Embroidered Logo and Pocket')).toBe(
      'Premium Heavyweight Organic Cotton Crew Neck T-Shirt with Embroidered',
    );
    expect(titled('Premium Heavyweight Organic Cotton Crew Neck Tee, Embroidered, and with a Pocket')).toBe(
      'Premium Heavyweight Organic Cotton Crew Neck Tee, Embroidered',
    );
  });

  it('cuts text without spaces at a word the locale recognizes', () => {
    const title = titled('日本製の手作り陶器マグカップ'.repeat(8), 'ja');
    expect(title).toBe('日本製の手作り陶器マグカップ'.repeat(5));
  });
});

describe('descriptions', () => {
  const product = (description: string | null): CatalogProduct => ({ id: 'p', title: 'Forest Mug', description, attributes: {}, collectionIds: [] });

  it('cuts a long description after the last whole sentence that fits', () => {
    const result = optimize(product('Our mugs are fired twice. '.repeat(100)), 'description');
    expect(result).toBe('Our mugs are fired twice. '.repeat(76).trim());
  });

  it('capitalizes sentences of a shouted description, keeping acronyms', () => {
    expect(optimize(product('KEEPS DRINKS COLD FOR 24 HOURS. USB RECHARGEABLE LIGHT!!!'), 'description')).toBe(
      'Keeps drinks cold for 24 hours. USB rechargeable light!',
    );
  });

  it('does not repeat a phrase the description already mentions', () => {
    expect(optimize(product('Free shipping on every order.'), 'description', 'en', 'mention free shipping')).toBe(
      'Free shipping on every order.',
    );
  });
});

describe('SEO description', () => {
  it('ends a sentence that does not fit with an ellipsis, keeping room for the prompt mention', () => {
    const product: CatalogProduct = {
      id: 'p',
      title: 'Forest Mug',
      description:
        'A sturdy, hand-thrown stoneware mug glazed in a deep forest green that shifts to amber where the glaze pools, made to keep your coffee warm.',
      attributes: {},
      collectionIds: [],
    };
    expect(optimize(product, 'seo_description', 'en', 'highlight "dishwasher safe"')).toBe(
      'Forest Mug. A sturdy, hand-thrown stoneware mug glazed in a deep forest green that shifts to amber where the glaze pools, made to keep your… Dishwasher safe.',
    );
  });
});

describe('SEO title', () => {
  it('adds mentions after the title and skips what no longer fits', () => {
    const product: CatalogProduct = { id: 'p', title: 'Forest Mug', description: null, attributes: { vendor: 'Green Mountain Pottery Collective' }, collectionIds: [] };
    expect(optimize(product, 'seo_title', 'en', 'mention handmade in Vermont, dishwasher safe')).toBe(
      'Forest Mug | Handmade in Vermont | Dishwasher Safe',
    );
  });
});

describe('tags', () => {
  it('keeps 13 tags, cuts long ones at a word or hyphen, drops one-letter tags', () => {
    const product: CatalogProduct = {
      id: 'p',
      title: 'Linen Summer Dress',
      description: null,
      attributes: {
        tags: 'Dress, linen, #Boho, x, extraordinarily-long-tag-that-goes on and on, beach, vacation, womens, midi, sleeveless, natural, breathable, flowy, cottagecore, casual',
      },
      collectionIds: [],
    };
    expect(optimize(product, 'tags')).toBe(
      'dress, linen, boho, extraordinarily-long-tag-that, beach, vacation, womens, midi, sleeveless, natural, breathable, flowy, cottagecore',
    );
  });
});

describe('alt text', () => {
  it('describes the product, not the offer', () => {
    expect(optimize(tee, 'alt_text', 'en', 'mention free shipping')).toBe('Organic Cotton T-Shirt & More in heather grey');
  });
});

describe('mentionsIn', () => {
  it.each([
    ['Mention free shipping and 30-day returns. Keep it friendly.', ['free shipping', '30-day returns']],
    ['please highlight "dishwasher safe"', ['dishwasher safe']],
    ['Emphasise that it is handmade; mention gift wrapping', ['it is handmade', 'gift wrapping']],
    ['mention a, b, c, d', ['a', 'b', 'c']],
    ['Write in a playful tone', []],
    [`mention ${'x'.repeat(41)}`, []],
  ])('%s', (prompt, expected) => {
    expect(mentionsIn(prompt)).toEqual(expected);
  });
});

describe('determinism', () => {
  it('gives the same output for the same input', () => {
    for (const attribute of ATTRIBUTES) {
      expect(optimize(tee, attribute, 'en', teePrompt)).toBe(optimize(tee, attribute, 'en', teePrompt));
    }
  });
});
