import { z } from '@hono/zod-openapi';
import { ITEM_STATUSES, JOB_STATUSES } from '../store/schema.js';

/** Response shapes of /v1, used both to document the API and (by the tests) to check it. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    request_id: z.string().optional(),
  })
  .passthrough()
  .openapi('Problem');

export const Progress = z.object({
  items_total: z.number().int(),
  items_done: z.number().int(),
  items_failed: z.number().int(),
  items_cancelled: z.number().int(),
  percent: z.number().int().min(0).max(100),
});

export const Job = z
  .object({
    id: z.string().openapi({ example: 'job_3x9Kq2Lm8Np4Rs7T' }),
    type: z.string(),
    status: z.enum(JOB_STATUSES),
    subject: z.string().nullable(),
    cost: z.number().int().openapi({ description: "The charge at admission: the price, or for `settle: actual` the hold." }),
    reserved: z.number().int().openapi({ description: 'What admission reserved of the allowance: the same as `cost`.' }),
    actual: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'What the job cost in the end, once it has finished (null before): what its succeeded items kept; failed and cancelled items were refunded.' }),
    settle: z.enum(["fixed", "actual"]),
    meter: z.string(),
    period: z.string().openapi({ example: '2026-11' }),
    input: z.unknown(),
    result: z.unknown().nullable(),
    error: z.string().nullable(),
    requested_by: z.string().nullable(),
    items_total: z.number().int(),
    progress: Progress,
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    estimated_completion: z.string().nullable().openapi({ description: 'When the job is expected to finish (active jobs only); null when finished, or when no worker serves its type (see estimated_completion_reason).' }),
    estimated_completion_reason: z.string().nullable().openapi({ description: 'Why an active job has no estimate: no worker has been seen for its type lately.' }),
  })
  .openapi('Job');

export const Meter = z
  .object({
    name: z.string(),
    kind: z.enum(['quota', 'credits']),
    used: z.number().int().openapi({ description: 'All charges net of releases and refunds this period: the ledger.' }),
    held: z.number().int().optional().openapi({ description: 'The part of `used` that is open holds of jobs settling to their actual cost (GET /v1/usage).' }),
    spent: z.number().int().optional().openapi({ description: '`used − held` (GET /v1/usage).' }),
    limit: z.number().int(),
    remaining: z.number().int(),
    period: z.string(),
    resets_at: z.string(),
  })
  .openapi('Meter');

export const Item = z
  .object({
    id: z.number().int(),
    seq: z.number().int(),
    status: z.enum(ITEM_STATUSES),
    input: z.unknown(),
    result: z.unknown().nullable(),
    error: z.string().nullable(),
    attempts: z.number().int(),
    cost: z.number().int(),
    reserved: z.number().int().openapi({ description: "The item's share of the admission charge: the same as `cost`." }),
    actual: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'What the item was charged in the end: its actual cost (or price) when it succeeded, 0 when it failed or was cancelled, null while open.' }),
    actual_cost: z.number().int().nullable().openapi({ description: "For a job that settles to its actual cost: what the succeeded item was charged in the end (`cost` was its hold)." }),
    uncharged: z.number().int().openapi({ description: 'A reported actual cost above what could be charged (overage capped).' }),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
  })
  .openapi('Item');

export const Tenant = z
  .object({
    id: z.string(),
    name: z.string(),
    tier: z.string(),
    limits: z.record(z.string(), z.number().int()),
    max_concurrency: z.number().int().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Tenant');

export const KeyInfo = z
  .object({
    id: z.string(),
    tenant_id: z.string().nullable(),
    prefix: z.string(),
    role: z.enum(['admin', 'tenant', 'worker']),
    name: z.string().nullable(),
    job_types: z.array(z.string()).nullable().openapi({ description: 'A worker key: the job types it may claim and settle; null for other keys.' }),
    limits: z
      .record(z.string(), z.number().int())
      .openapi({ description: "A tenant key's monthly budgets per meter, inside its tenant's allowance; `{}` for none.", example: { credits: 500 } }),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .openapi('Key');

export const KeyMeter = z
  .object({
    name: z.string(),
    kind: z.enum(['quota', 'credits']),
    used: z.number().int().openapi({ description: "What the key's budget was charged this period, net of releases and refunds: the key's ledger entries." }),
    limit: z.number().int().nullable().openapi({ description: 'The budget; null once it was removed (the meter still shows what was charged).' }),
    remaining: z.number().int().nullable(),
    period: z.string(),
    resets_at: z.string(),
  })
  .openapi('KeyMeter');

export const KeyUsage = z
  .object({ key_id: z.string(), tenant_id: z.string(), period: z.string(), meters: z.array(KeyMeter) })
  .openapi('KeyUsage');

export const CreatedKey = KeyInfo.extend({ key: z.string().openapi({ description: 'The secret. Shown once; only its hash is stored.' }) }).openapi('CreatedKey');

export const LedgerEntry = z
  .object({
    id: z.number().int(),
    kind: z.enum(['charge', 'refund', 'release', 'adjustment']),
    meter: z.string(),
    period: z.string(),
    amount: z.number().int(),
    job_id: z.string().nullable(),
    item_id: z.number().int().nullable(),
    reason: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('LedgerEntry');

export const paged = <T extends z.ZodTypeAny>(item: T) => z.object({ data: z.array(item), next_cursor: z.string().nullable() });

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [status, { description: 'Problem', content: { 'application/problem+json': { schema: Problem } } }]),
  );
