import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import type { CatalogProduct } from './attributes.js';
import { CatalogOptimizationOutput, buildCatalogPrompt, catalogOptimizationOutput } from './prompt.js';

const product: CatalogProduct = {
  id: 'gid://shop/Product/8842',
  title: 'Forest Mug',
  description: '<p>Hand-thrown stoneware, glazed deep green.</p>',
  attributes: { color: 'Forest Green', material: 'Stoneware', vendor: 'Lind Pottery', seo_title: 'Forest Mug | Lind' },
  collectionIds: ['coll_summer_sale_internal'],
};

describe('buildCatalogPrompt', () => {
  it("includes the product's data, the current value, the limit, the language and the merchant's instructions", () => {
    const { system, user } = buildCatalogPrompt({ product, attribute: 'seo_title', language: 'de-DE', prompt: 'Mention free shipping.' });
    expect(system).toContain('Attribute: seo_title');
    expect(system).toContain('Limit: at most 60 characters.');
    expect(system).toContain('Language: write in "de-DE" (German (Germany)).');
    for (const fragment of [
      '"title": "Forest Mug"',
      '"description": "<p>Hand-thrown stoneware, glazed deep green.</p>"',
      '"color": "Forest Green"',
      '"material": "Stoneware"',
      '"vendor": "Lind Pottery"',
      'Current seo_title: "Forest Mug | Lind"',
      '<<<\nMention free shipping.\n>>>',
    ]) {
      expect(user).toContain(fragment);
    }
  });

  it('leaves out what does not describe the product', () => {
    const { system, user } = buildCatalogPrompt({ product, attribute: 'title', language: 'en', prompt: null });
    for (const unrelated of ['gid://shop/Product/8842', 'coll_summer_sale_internal', 'collectionIds']) {
      expect(system + user).not.toContain(unrelated);
    }
    expect(user).toContain("Merchant's instructions: (none)");
  });

  it('states tag limits as counts', () => {
    const { system } = buildCatalogPrompt({ product, attribute: 'tags', language: 'en' });
    expect(system).toContain('Limit: at most 13 tags of at most 30 characters each, separated by ", ".');
  });

  it('cuts very long input', () => {
    const { user } = buildCatalogPrompt({ product: { ...product, description: 'x'.repeat(20_000) }, attribute: 'description', language: 'en' });
    expect(user.length).toBeLessThan(12_000);
    expect(user).toContain('[cut]');
  });
});

describe('catalogOptimizationOutput', () => {
  it('accepts a value within the limit', () => {
    expect(catalogOptimizationOutput('seo_title').parse({ value: 'Forest Mug – Stoneware | Lind Pottery' })).toEqual({
      value: 'Forest Mug – Stoneware | Lind Pottery',
    });
  });

  it.each([
    ['seo_title', 'x'.repeat(61), /more than 60/],
    ['alt_text', 'x'.repeat(126), /more than 125/],
    ['tags', Array.from({ length: 14 }, (_, i) => `tag${i}`).join(', '), /14 tags, more than 13/],
    ['tags', `mug, ${'y'.repeat(31)}`, /longer than 30/],
    ['title', '', /empty/],
    ['title', 'Forest\nMug', /single line/],
    ['description', '<p>Forest Mug</p>', /plain text/],
  ] as const)('rejects %s %#', (attribute, value, message) => {
    const result = catalogOptimizationOutput(attribute).safeParse({ value });
    expect(result.success).toBe(false);
    expect(z.prettifyError(result.error!)).toMatch(message);
  });

  it('allows paragraphs in a description only', () => {
    expect(catalogOptimizationOutput('description').safeParse({ value: 'One.\n\nTwo.' }).success).toBe(true);
  });

  it('sends a JSON Schema without length keywords, which strict mode rejects', () => {
    const schema = z.toJSONSchema(catalogOptimizationOutput('seo_title'));
    expect(schema).toMatchObject({ type: 'object', properties: { value: { type: 'string' } }, required: ['value'], additionalProperties: false });
    expect(JSON.stringify(schema)).not.toContain('maxLength');
    expect(z.toJSONSchema(CatalogOptimizationOutput)).toEqual(schema);
  });
});
