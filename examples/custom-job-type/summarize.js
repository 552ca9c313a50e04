// @ts-check
// The product's own job type: summarise documents, one item per document, 2 credits each.
// Tollgate validates the input, charges the tenant's credits atomically, deduplicates by batch,
// runs one item per document with retries and leases, and refunds what fails or is cancelled.
import { defineJobType, PermanentError } from 'tollgate';

/** @typedef {{ batch_id?: string, documents: { title?: string, text: string }[] }} SummarizeInput */
/** @typedef {{ title?: string, text: string }} Document */

export const summarize = defineJobType(
  /** @type {import('tollgate').JobTypeDefinition<SummarizeInput, Document>} */ ({
    name: 'summarize',
    description: 'Summarise documents: the first sentence of each, with its word count',
    // A JSON Schema (2020-12); a zod schema works too. Every array is bounded: a job is sized
    // before it is charged or stored.
    input: {
      type: 'object',
      required: ['documents'],
      additionalProperties: false,
      properties: {
        batch_id: { type: 'string', maxLength: 200 },
        documents: {
          type: 'array',
          minItems: 1,
          maxItems: 100,
          items: {
            type: 'object',
            required: ['text'],
            additionalProperties: false,
            properties: { title: { type: 'string', maxLength: 200 }, text: { type: 'string', minLength: 1, maxLength: 20000 } },
          },
        },
      },
    },
    meter: 'credits',
    cost: (input) => 2 * input.documents.length,
    // One pending job per batch id and tenant: a double-clicked button does not pay twice.
    subject: (input) => input.batch_id,
    items: (input) => input.documents,
    itemCount: (input) => input.documents.length,
    maxAttempts: 3,
    // Runs one document. What it returns is the item's result, visible only once the item is
    // settled as succeeded (and so paid for). A real handler would call a model here and pass
    // `signal` to its HTTP client, so that a cancelled job stops paying for tokens.
    async process(item, { signal, progress }) {
      signal.throwIfAborted();
      const text = item.input.text.trim();
      if (text.length === 0) throw new PermanentError('The document is blank');
      const [first = text] = text.split(/(?<=[.!?])\s+/);
      progress(1);
      return { title: item.input.title ?? null, summary: first, words: text.split(/\s+/).length };
    },
  }),
);
