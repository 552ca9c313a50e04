import { expect } from 'vitest';
import { ADMIN_KEY, type Harness } from '../support/harness.js';

/** `summarize`: a declared type run by remote workers, 2 credits per document, deduplicated by batch. */
export const SUMMARIZE = {
  description: 'Summarise documents',
  input_schema: {
    type: 'object',
    required: ['documents'],
    properties: {
      batch_id: { type: 'string' },
      documents: { type: 'array', minItems: 1, maxItems: 500, items: { type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 10000 } } } },
    },
  },
  meter: 'credits',
  cost: { per_item: 2 },
  items: { from: '/documents' },
  subject: '/batch_id',
  max_attempts: 3,
  lease_ms: 5000,
  handler: { kind: 'remote' },
};

/** HTTP against a base URL (a listening harness or a child server), JSON in and out. */
export function client(base: string) {
  return async (method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };
}

export async function declare(h: Harness, name: string, declaration: unknown = SUMMARIZE) {
  const response = await h.request('PUT', `/v1/job-types/${name}`, { key: ADMIN_KEY, body: declaration });
  const body = await response.json();
  expect([200, 201], JSON.stringify(body)).toContain(response.status);
  return body;
}

export async function workerKey(h: Harness, types: string[], name = 'gpu-box-1'): Promise<{ id: string; key: string }> {
  const response = await h.request('POST', '/v1/keys', { key: ADMIN_KEY, body: { role: 'worker', name, job_types: types } });
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body;
}
