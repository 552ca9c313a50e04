/**
 * The shape of a declared job type (configuration file, `PUT /v1/job-types/{name}`); compiled by
 * job-types/declared.ts. Data only, so that configuration can check it before anything starts.
 */
import { z } from 'zod';
import { schemaIssues } from './input-schema.js';
import { isPointer } from './json-pointer.js';
import { isSecret } from './signing.js';

export const JOB_TYPE_NAME = /^[a-z][a-z0-9_]{0,63}$/;

const Pointer = z.string().max(500).refine(isPointer, 'must be a JSON Pointer: "" or starting with "/"');
const Count = (max: number) => z.number().int().min(1).max(max);

export const RemoteHandler = z.object({ kind: z.literal('remote') }).strict();

export const HttpHandler = z
  .object({
    kind: z.literal('http'),
    url: z
      .string()
      .max(2000)
      .refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), 'must be an http:// or https:// URL'),
    timeout_ms: Count(600_000).min(100).default(30_000),
    concurrency: Count(1000).default(8),
    /** Configuration only: the signing secret, or the environment variable that holds it. */
    secret: z.string().refine(isSecret, 'must be a whsec_ secret (whsec_ and base64 of at least 16 bytes)').optional(),
    secret_env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name').optional(),
  })
  .strict();

export const Cost = z.union([
  z.object({ per_job: Count(1_000_000_000) }).strict(),
  z.object({ per_item: Count(1_000_000_000) }).strict(),
  z.object({ from: Pointer, multiplier: Count(1_000_000_000).default(1) }).strict(),
], { error: 'must be {"per_job": n}, {"per_item": n} or {"from": "/pointer", "multiplier": n}, n a whole number of at least 1' });

export const DeclaredJobType = z
  .object({
    description: z.string().max(2000).optional(),
    input_schema: z.record(z.string(), z.unknown()).superRefine((schema, ctx) => {
      // One message per place: a validator explains a bad keyword several ways at once.
      const seen = new Set<string>();
      for (const issue of schemaIssues(schema)) {
        if (seen.has(issue.path)) continue;
        seen.add(issue.path);
        ctx.addIssue({ code: 'custom', path: issue.path ? issue.path.split('.') : [], message: issue.message });
      }
    }),
    meter: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'meter names are lower_snake_case'),
    cost: Cost,
    items: z.object({ from: Pointer }).strict().optional(),
    subject: Pointer.optional(),
    max_attempts: Count(100).default(5),
    lease_ms: Count(3_600_000).min(1000).optional(),
    /** `actual`: the cost is a hold; the handler reports each item's actual cost. */
    settle: z.enum(['fixed', 'actual']).default('fixed'),
    overage: z.enum(['cap', 'charge']).default('cap'),
    handler: z.discriminatedUnion('kind', [RemoteHandler, HttpHandler]),
  })
  .strict();
export type DeclaredJobType = z.infer<typeof DeclaredJobType>;

/** A declaration as an API client or a config file writes it (defaults not yet applied). */
export type DeclaredJobTypeInput = z.input<typeof DeclaredJobType>;

