import { z } from 'zod';
import { defineJobType, PermanentError } from '../../core/job-types.js';
import type { JobTypeModule } from '../module.js';

/**
 * `echo`: costs 1 `credits` per item and returns what it was given. It exists for tests and
 * benchmarks, so it can also sleep, fail transiently for its first attempts, or fail for good.
 */
export const EchoInput = z
  .object({
    items: z.number().int().min(1).max(100_000).default(1),
    subject: z.string().min(1).max(200).optional(),
    message: z.string().max(10_000).optional(),
    sleep_ms: z.number().int().min(0).max(60_000).default(0),
    /** Items (by seq) that fail; all items when omitted and `fail` is set. */
    fail_seqs: z.array(z.number().int().min(0)).max(10_000).optional(),
    fail: z.enum(['transient', 'permanent']).optional(),
    /** With `fail: 'transient'`: the first N attempts fail, later ones succeed. Default: every attempt fails. */
    fail_attempts: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type EchoInput = z.infer<typeof EchoInput>;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (ms === 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

export const echoType = defineJobType<EchoInput, { seq: number }>({
  name: 'echo',
  input: EchoInput,
  meter: 'credits',
  cost: (input) => input.items,
  itemCount: (input) => input.items,
  subject: (input) => input.subject,
  items: (input) => Array.from({ length: input.items }, (_, seq) => ({ seq })),
  async process({ input, attempt }, { jobInput, signal }) {
    await sleep(jobInput.sleep_ms, signal);
    const targeted = jobInput.fail !== undefined && (jobInput.fail_seqs === undefined || jobInput.fail_seqs.includes(input.seq));
    if (targeted && jobInput.fail === 'permanent') throw new PermanentError(`echo: item ${input.seq} fails permanently`);
    if (targeted && jobInput.fail === 'transient' && (jobInput.fail_attempts === undefined || attempt <= jobInput.fail_attempts)) {
      throw new Error(`echo: item ${input.seq} fails transiently (attempt ${attempt})`);
    }
    return { seq: input.seq, message: jobInput.message ?? null };
  },
});

export const echoModule: JobTypeModule = { type: echoType };
