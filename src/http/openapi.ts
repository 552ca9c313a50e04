/**
 * `/openapi.json`: the routes' document, plus what only the running registry knows — each job
 * type's input. `POST /v1/jobs` takes `{type, input}`; the document says it as a `oneOf` on `type`
 * (with a discriminator), one branch per registered type carrying the type's input schema, so that a
 * generated client knows that `echo` takes `items` and `sleep_ms` and `summarize` takes `documents`.
 * A type declared over the API appears at the next request, as it does in `/v1/job-types`.
 */
import type { JobType } from '../core/job-types.js';
import type { JsonSchema } from '../core/input-schema.js';

export const ADMIT_SCHEMA = 'AdmitJob';

type Document = { components?: { schemas?: Record<string, unknown> } };

const pascal = (name: string) => name.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/**
 * An input schema, ready to sit inside the document: its `$defs` become components (a `#/$defs/…`
 * reference would resolve against the document's root, not the schema's) and `$schema`/`$id` go.
 */
function embed(schema: JsonSchema, prefix: string, schemas: Record<string, unknown>): JsonSchema {
  const { $schema: _s, $id: _i, $defs, definitions, ...rest } = schema as JsonSchema & { $defs?: Record<string, unknown>; definitions?: Record<string, unknown> };
  const defs = { ...(definitions ?? {}), ...($defs ?? {}) };
  if (Object.keys(defs).length === 0) return rest;
  const rewrite = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value), (key, v: unknown) =>
      key === '$ref' && typeof v === 'string' ? v.replace(/^#\/(?:\$defs|definitions)\/(.+)$/, (_, name: string) => `#/components/schemas/${prefix}_${name}`) : v,
    );
  for (const [name, def] of Object.entries(defs)) schemas[`${prefix}_${name}`] = rewrite(def);
  return rewrite(rest) as JsonSchema;
}

/** Adds one `AdmitJob` branch per type to a generated document (a copy: the generator's is not changed). */
export function withJobInputs<D extends Document>(document: D, types: readonly JobType[]): D {
  const schemas: Record<string, unknown> = { ...(document.components?.schemas ?? {}) };
  const mapping: Record<string, string> = {};
  const branches = [...types]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((type) => {
      const name = `${ADMIT_SCHEMA}${pascal(type.name)}`;
      schemas[name] = {
        type: 'object',
        title: type.name,
        ...(type.description ? { description: type.description } : {}),
        // As the route takes it: a missing input is `{}`.
        required: ['type'],
        properties: { type: { type: 'string', const: type.name }, input: embed(type.inputSchema, name, schemas) },
      };
      mapping[type.name] = `#/components/schemas/${name}`;
      return { $ref: mapping[type.name] };
    });
  if (branches.length > 0) {
    schemas[ADMIT_SCHEMA] = {
      description: 'A job: its type, and the input that type takes. Each branch is one registered job type.',
      oneOf: branches,
      discriminator: { propertyName: 'type', mapping },
    };
  }
  return { ...document, components: { ...document.components, schemas } };
}
