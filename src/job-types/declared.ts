/**
 * Job types declared as data, for teams that do not write TypeScript: in `tollgate.config.json` or
 * with `PUT /v1/job-types/{name}`. A declaration says how to validate the input (JSON Schema
 * 2020-12), what it costs, how it splits into items and who runs them; it compiles to the same
 * `JobType` a `defineJobType` call makes, so it is admitted, charged and settled the same way.
 */
import type { Clock } from '../core/clock.js';
import type { DeclaredJobType } from '../core/declaration.js';
import type { FieldIssue } from '../core/errors.js';
import { compileJobType, type JobType, type JobTypeSource, type Validation } from '../core/job-types.js';
import { pointerPath, resolvePointer } from '../core/json-pointer.js';
import { httpHandler } from './http-handler.js';

export interface DeclaredDeps {
  clock: Clock;
  /** The secrets that sign requests to an HTTP handler now: the current one, and during a rotation the previous. */
  secrets(name: string): string[];
  /** The largest result a handler may return, in bytes. */
  maxResultBytes: number;
}

/** A subject is a string; a number is taken as its decimal text. */
const subjectOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;

/** Compiles a declaration. The input schema was checked when the declaration was parsed. */
export function declaredJobType(name: string, declared: DeclaredJobType, source: Extract<JobTypeSource, 'config' | 'api'>, deps: DeclaredDeps): JobType {
  const { cost, items, subject } = declared;
  const itemsOf = (input: unknown): unknown[] => (items ? ((resolvePointer(input, items.from) as { value: unknown[] }).value ?? []) : [input]);

  const type = compileJobType<unknown, unknown>(
    {
      name,
      input: declared.input_schema,
      meter: declared.meter,
      ...(declared.description !== undefined ? { description: declared.description } : {}),
      maxAttempts: declared.max_attempts,
      settle: declared.settle,
      overage: declared.overage,
      ...(declared.lease_ms !== undefined ? { leaseMs: declared.lease_ms } : {}),
      cost(input) {
        if ('per_job' in cost) return cost.per_job;
        if ('per_item' in cost) return cost.per_item * itemsOf(input).length;
        return (resolvePointer(input, cost.from) as { value: number }).value * cost.multiplier;
      },
      itemCount: (input) => itemsOf(input).length,
      ...(items ? { items: itemsOf } : {}),
      ...(subject !== undefined ? { subject: (input) => subjectOf((resolvePointer(input, subject) as { value?: unknown }).value) } : {}),
      ...(declared.handler.kind === 'http'
        ? {
            concurrency: declared.handler.concurrency,
            process: httpHandler({ url: declared.handler.url, timeoutMs: declared.handler.timeout_ms, secrets: () => deps.secrets(name), clock: deps.clock, maxResultBytes: deps.maxResultBytes }),
          }
        : {}),
    },
    source,
    declared.handler.kind,
  );

  // The schema checks the input's shape; the pointers must then find what the declaration says is there.
  const validate = (value: unknown): Validation<unknown> => {
    const checked = type.validate(value);
    if (!checked.ok) return checked;
    const issues: FieldIssue[] = [];
    const at = (pointer: string) => pointerPath(pointer) || '(input)';
    if (items) {
      const found = resolvePointer(checked.value, items.from);
      if (!found.found || !Array.isArray(found.value)) issues.push({ path: at(items.from), message: 'must be an array: the job is split into one item per element' });
      else if (found.value.length === 0) issues.push({ path: at(items.from), message: 'must not be empty: the job would have no items' });
    }
    if ('from' in cost) {
      const found = resolvePointer(checked.value, cost.from);
      if (!found.found || !Number.isSafeInteger(found.value) || (found.value as number) < 1) {
        issues.push({ path: at(cost.from), message: 'must be a whole number of at least 1: the job is charged by it' });
      } else if (!Number.isSafeInteger((found.value as number) * cost.multiplier)) {
        issues.push({ path: at(cost.from), message: 'is too large' });
      }
    }
    if (subject !== undefined) {
      const found = resolvePointer(checked.value, subject);
      if (found.found && (subjectOf(found.value) === undefined || subjectOf(found.value)!.length > 200)) {
        issues.push({ path: at(subject), message: 'must be a string or a number of at most 200 characters: it deduplicates the job' });
      }
    }
    return issues.length > 0 ? { ok: false, issues } : checked;
  };
  return { ...type, validate, declaration: declared };
}

/** A declaration as the API shows it: everything but secrets. */
export function publicDeclaration(declared: DeclaredJobType) {
  if (declared.handler.kind !== 'http') return declared;
  const { secret: _s, secret_env: _e, ...handler } = declared.handler;
  return { ...declared, handler };
}
