import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FieldIssue } from './errors.js';

/** A JSON Schema (2020-12) as plain data. */
export type JsonSchema = Record<string, unknown>;

/** A zod schema has `safeParse`; a JSON Schema is plain data. */
export const isZodSchema = (schema: unknown): boolean => typeof (schema as { safeParse?: unknown } | null)?.safeParse === 'function';

// One validator for the process: compiled schemas are cached by it. `allErrors` so that a client sees
// every mistake at once; formats (email, uri, date-time…) are checked, not just annotations.
const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: true });
addFormats.default(ajv);

export class InvalidSchemaError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(`invalid JSON Schema: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidSchemaError';
  }
}

/** Checks a schema against the 2020-12 meta-schema; the issues name where in the schema it is wrong. */
export function schemaIssues(schema: unknown): FieldIssue[] {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return [{ path: '', message: 'must be a JSON Schema object' }];
  if (ajv.validateSchema(schema)) {
    try {
      ajv.compile(schema);
      return [];
    } catch (error) {
      return [{ path: '', message: (error as Error).message }];
    }
  }
  return issuesOf(ajv.errors ?? []);
}

/** A validator for `schema`: issue paths are relative to the value (`documents.0.url`). */
export function compileJsonSchema(schema: JsonSchema): (value: unknown) => { ok: true; value: unknown } | { ok: false; issues: FieldIssue[] } {
  const problems = schemaIssues(schema);
  if (problems.length > 0) throw new InvalidSchemaError(problems);
  const validate = ajv.compile(schema);
  return (value) => {
    // useDefaults fills defaults in place: validate a copy, so the caller's value is left as sent.
    const copy = structuredClone(value);
    return validate(copy) ? { ok: true, value: copy } : { ok: false, issues: issuesOf(validate.errors ?? []) };
  };
}

function issuesOf(errors: ErrorObject[]): FieldIssue[] {
  return errors.slice(0, 50).map((e) => {
    const segments = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (e.keyword === 'required') segments.push(String((e.params as { missingProperty: string }).missingProperty));
    if (e.keyword === 'additionalProperties') segments.push(String((e.params as { additionalProperty: string }).additionalProperty));
    const message = e.keyword === 'required' ? 'is required' : e.keyword === 'additionalProperties' ? 'is not allowed' : (e.message ?? 'is invalid');
    return { path: segments.join('.'), message };
  });
}
