import type { z } from 'zod';

/** What a handler gets for one item (or for the job, when the type has no item expansion). */
export interface ProcessContext<I = unknown, J = unknown> {
  jobId: string;
  tenantId: string;
  itemId: number;
  seq: number;
  /** The item's input (the job's input when the type has no expansion). */
  input: I;
  /** The job's input, for context shared by all items (language, prompt…). */
  jobInput: J;
  attempt: number;
  signal: AbortSignal;
  progress(fraction: number): void;
}

/**
 * A registered kind of work. Types register at start-up; the registry is immutable afterwards.
 * A job's result is its single item's result, or `{succeeded, failed, cancelled}` counts for a job
 * of many items (each item keeps its own result): the settle statement writes it when the job ends.
 */
export interface JobType<I = any, Item = any> {
  name: string;
  /** Validates `input` of `POST /v1/jobs`. */
  input: z.ZodType<I>;
  /** The meter this type charges. */
  meter: string;
  /** Positive integer: the whole charge, reserved at admission. */
  cost(input: I): number;
  /** At most one pending or processing job per tenant, type and subject (e.g. the lead id). */
  subject?(input: I): string | undefined;
  /** Splits the job into items; without it the job runs as one item carrying the job's input. */
  items?(input: I): Item[];
  /** Attempts per item before it fails for good. Default 5. */
  maxAttempts?: number;
  /** Runs one item. Returns the item's result (JSON). Throw `PermanentError` to fail without retrying. */
  process(ctx: ProcessContext<Item, I>): Promise<unknown>;
}

/** An error that retrying cannot fix (invalid output, a missing record). */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

export interface JobTypeRegistry {
  get(name: string): JobType | undefined;
  names(): string[];
}

export function createRegistry(types: JobType[]): JobTypeRegistry {
  const byName = new Map<string, JobType>();
  for (const type of types) {
    if (byName.has(type.name)) throw new Error(`job type registered twice: ${type.name}`);
    byName.set(type.name, type);
  }
  return { get: (name) => byName.get(name), names: () => [...byName.keys()] };
}

/** Splits a job's cost over its items: every item gets an integer share and the shares sum to the cost. */
export function splitCost(cost: number, items: number): number[] {
  const base = Math.floor(cost / items);
  const remainder = cost - base * items;
  return Array.from({ length: items }, (_, i) => base + (i < remainder ? 1 : 0));
}
