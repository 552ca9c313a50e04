import { z } from 'zod';
import type { FieldIssue } from './errors.js';
import type { DeclaredJobType } from './declaration.js';
import { compileJsonSchema, isZodSchema, type JsonSchema } from './input-schema.js';
import { zodIssues } from './validation.js';

/** One item, as its handler sees it. */
export interface WorkItem<Item = unknown> {
  id: number;
  jobId: string;
  tenantId: string;
  type: string;
  /** The item's position in its job, from 0. */
  seq: number;
  /** The item's input (the job's input when the type has no item expansion). */
  input: Item;
  /** This attempt's number, from 1: the fence its outcome is settled with. */
  attempt: number;
}

/** What a handler gets besides its item. */
export interface ProcessContext<J = unknown> {
  /** Aborts when the job is cancelled, the lease is lost or the worker stops: stop, and return nothing. */
  signal: AbortSignal;
  /** Reports the item's own progress, 0 to 1 (shown while it runs). */
  progress(fraction: number): void;
  /** The job's input, for context all items share (a language, a prompt). */
  jobInput: J;
}

/** What `prepare` may know about the request beyond its input. */
export interface PrepareContext {
  tenantId: string;
}

/** Where a type's items run. */
export type HandlerKind = 'in-process' | 'remote' | 'http';
/** Where a type was defined: it decides who may change it. */
export type JobTypeSource = 'built-in' | 'code' | 'config' | 'api';

/**
 * A job type: what admission needs to charge a job and what a worker needs to run its items.
 *
 * Rules every type keeps (the built-in ones, yours, and declared ones alike):
 * - **One schema.** `input` validates the job's input whichever route admits it (`/v1/jobs` or a
 *   type's own routes); a route may check more for its own messages, never less.
 * - **Bounded before materialized.** Bound every array in `input`; `itemCount` (or, without it, the
 *   length of `items`) is checked against MAX_ITEMS_PER_JOB before the job is charged or stored.
 * - **A result exists only if it was paid for.** A handler has no side effects a user can see: its
 *   return value is the item's result, made visible by the settle that records the item as
 *   succeeded, fenced by the attempt. A cancelled, failed or fenced-out attempt delivers nothing.
 *   Honour `signal`: it aborts when the job is cancelled, the lease is lost or the worker stops.
 */
export interface JobTypeDefinition<I = any, Item = any> {
  name: string;
  /** The input's schema: a zod schema (which may also normalise the input) or a JSON Schema (2020-12). */
  input: z.ZodType<I> | JsonSchema;
  /** The meter this type charges. */
  meter: string;
  /**
   * Positive integer: the charge at admission. With `settle: 'fixed'` (the default) it is the price;
   * with `settle: 'actual'` it is a hold, an upper bound settled per item to what the work used.
   */
  cost(input: I): number;
  /**
   * `fixed`: the cost at admission is what the job costs. `actual`: the cost at admission is a hold;
   * each item's handler reports its actual cost (`process` returns an `ActualOutcome`), and the
   * settle that records the item as succeeded releases the unused part of its hold.
   */
  settle?: 'fixed' | 'actual';
  /**
   * With `settle: 'actual'`, an actual cost above the item's hold: `cap` (default) charges only the
   * hold and records the excess as uncharged; `charge` charges the excess if the allowance has
   * room, else caps. Either way usage never passes the limit.
   */
  overage?: 'cap' | 'charge';
  /** At most one pending or processing job per tenant, type and subject (e.g. the lead id). */
  subject?(input: I): string | undefined;
  /** Splits the job into items; without it the job runs as one item carrying the job's input. */
  items?(input: I): Item[];
  /** How many items `items` returns, known without building them: lets admission refuse a job that is too large at no cost. */
  itemCount?(input: I): number;
  /**
   * Checks against stored state that a schema cannot express (do the named records exist?) and may
   * resolve the input (a collection into its products). Runs after `input`, before the charge. Throw a
   * `TollgateError('validation_failed', …)` with paths relative to the input to refuse the job.
   */
  prepare?(input: I, context: PrepareContext): Promise<I>;
  /** Attempts per item before it fails for good. Default 5. */
  maxAttempts?: number;
  /** How long a claim holds an item before another worker may take it over; live workers extend it. */
  leaseMs?: number;
  /** At most this many of the type's items run at once in one worker process. */
  concurrency?: number;
  /**
   * Runs one item in this process and returns its result (JSON). Throw `PermanentError` to fail
   * without retrying; anything else is retried with backoff. Leave it out for a type whose items are
   * run elsewhere: by a remote worker that claims them over HTTP. A type with `settle: 'actual'`
   * returns an `ActualOutcome`: the result and what the work really cost.
   */
  process?(item: WorkItem<Item>, context: ProcessContext<I>): Promise<unknown>;
  description?: string;
}

/** What an in-process handler of a `settle: 'actual'` type returns. */
export interface ActualOutcome<R = unknown> {
  result: R;
  /** What the work used, in the type's meter: a whole number ≥ 0. */
  cost: number;
}

/**
 * Reads what the handler of a `settle: 'actual'` type returned: its result and a whole cost ≥ 0. A
 * missing or invalid cost fails the item for good (and its hold is refunded): retrying would not
 * make the handler report a different one.
 */
export function readActualOutcome(returned: unknown): ActualOutcome {
  if (typeof returned !== 'object' || returned === null || !('result' in returned) || !('cost' in returned)) {
    throw new PermanentError('This job type settles to its actual cost: its handler must return { result, cost }');
  }
  const { result, cost } = returned as { result: unknown; cost: unknown };
  const problem = actualCostProblem(cost);
  if (problem !== undefined) throw new PermanentError(`The handler reported ${problem}`);
  return { result, cost: cost as number };
}

/**
 * Why a reported actual cost cannot be settled (it must be a whole number ≥ 0), or undefined. The
 * same rule for every path: an in-process handler, a remote worker's outcome, an HTTP handler's answer.
 */
export function actualCostProblem(cost: unknown): string | undefined {
  if (typeof cost === 'number' && Number.isSafeInteger(cost) && cost >= 0) return undefined;
  return `an invalid actual cost (${JSON.stringify(cost) ?? String(cost)}): it must be a whole number ≥ 0`;
}

export type Validation<I> = { ok: true; value: I } | { ok: false; issues: FieldIssue[] };

/** A type as the registry holds it: its definition, with its input checker compiled. */
export interface JobType<I = any, Item = any> extends Omit<JobTypeDefinition<I, Item>, 'input'> {
  /** Validates (and normalises) an input; issue paths are relative to the input. */
  validate(input: unknown): Validation<I>;
  /** The input's JSON Schema, for the API document. */
  inputSchema: JsonSchema;
  handler: HandlerKind;
  source: JobTypeSource;
  /** A type declared as data (configuration, API): its declaration, as written. */
  declaration?: DeclaredJobType;
}

/** An error that retrying cannot fix (invalid output, a missing record). */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

/**
 * Defines a job type in TypeScript: pass the result to `createTollgate({ jobTypes: [...] })`. The
 * built-in types are defined with this too.
 */
export function defineJobType<I = any, Item = any>(definition: JobTypeDefinition<I, Item>): JobType<I, Item> {
  return compileJobType(definition, 'code', definition.process ? 'in-process' : 'remote');
}

/** Turns a definition into a registered type; declared types (config, API) come through here too. */
export function compileJobType<I, Item>(definition: JobTypeDefinition<I, Item>, source: JobTypeSource, handler: HandlerKind): JobType<I, Item> {
  if (!/^[a-z][a-z0-9_]{0,63}$/.test(definition.name)) throw new Error(`job type name "${definition.name}": use 1-64 of a-z, 0-9 and _, starting with a letter`);
  const { input, ...rest } = definition;
  if (isZodSchema(input)) {
    const schema = input as z.ZodType<I>;
    return {
      ...rest,
      source,
      handler,
      inputSchema: zodJsonSchema(schema),
      validate(value) {
        const parsed = schema.safeParse(value);
        return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: zodIssues(parsed.error) };
      },
    };
  }
  const check = compileJsonSchema(input as JsonSchema);
  return { ...rest, source, handler, inputSchema: input as JsonSchema, validate: (value) => check(value) as Validation<I> };
}

function zodJsonSchema(schema: z.ZodType): JsonSchema {
  try {
    // `io: 'input'`: what a client sends (defaults optional), not what the handler receives.
    const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    return rest;
  } catch {
    // A transform without a JSON Schema counterpart: documented as an object, checked by zod.
    return { type: 'object' };
  }
}

/**
 * The types this process knows. Built-in and code-defined types are fixed at start; declared ones
 * (configuration, API) come from `load`, which `refresh` calls again (every process refreshes on a
 * timer, and at once when asked for a name it does not know).
 */
export class JobTypeRegistry {
  readonly #fixed = new Map<string, JobType>();
  #dynamic = new Map<string, JobType>();

  constructor(
    types: JobType[],
    private readonly load?: () => Promise<JobType[]>,
  ) {
    for (const type of types) {
      if (this.#fixed.has(type.name)) throw new Error(`job type registered twice: ${type.name}`);
      this.#fixed.set(type.name, type);
    }
  }

  get(name: string): JobType | undefined {
    return this.#fixed.get(name) ?? this.#dynamic.get(name);
  }

  /** `get`, after reading the declared types again when the name is not known here yet. */
  async resolve(name: string): Promise<JobType | undefined> {
    return this.get(name) ?? (await this.refresh(), this.get(name));
  }

  /** Is the name taken by a type that cannot be changed over the API (built-in, code, configuration)? */
  isFixed(name: string): boolean {
    return this.#fixed.has(name);
  }

  list(): JobType[] {
    return [...this.#fixed.values(), ...[...this.#dynamic.values()].filter((t) => !this.#fixed.has(t.name))].sort((a, b) => a.name.localeCompare(b.name));
  }

  names(): string[] {
    return this.list().map((t) => t.name);
  }

  /** Types whose items this process runs itself: in-process handlers and HTTP handlers. */
  localNames(): string[] {
    return this.list()
      .filter((t) => t.process)
      .map((t) => t.name);
  }

  async refresh(): Promise<void> {
    if (!this.load) return;
    const types = await this.load();
    this.#dynamic = new Map(types.map((t) => [t.name, t]));
  }
}

/** Splits a job's cost over its items: every item gets an integer share and the shares sum to the cost. */
export function splitCost(cost: number, items: number): number[] {
  const base = Math.floor(cost / items);
  const remainder = cost - base * items;
  return Array.from({ length: items }, (_, i) => base + (i < remainder ? 1 : 0));
}
