import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

type Json = Record<string, any>;

/** Response headers that carry meaning for a client: one a response sends must be declared for it. */
const MEANINGFUL = {
  location: 'Location',
  'idempotent-replayed': 'IdempotentReplayed',
  'retry-after': 'RetryAfter',
  ratelimit: 'RateLimit',
  'ratelimit-policy': 'RateLimitPolicy',
  'www-authenticate': 'WWWAuthenticate',
  link: 'Link',
  allow: 'Allow',
} as const;

/** The paths the document speaks for; the rest is the dashboard's. */
const API_PATH = /^\/(v1|api|metrics|docs|healthz|readyz|openapi\.json)(\/|$)/;

export interface ContractCheck {
  /** Throws when `response` (to `method path`) is not one the document declares; reads a clone of the body. */
  check(method: string, path: string, response: Response): Promise<void>;
}

/**
 * The document as a validator of responses: the status is declared for the operation the request
 * matched, the body matches the schema declared for its media type, and each meaningful header is
 * declared (and each declared required header is sent). A request no operation matches may only be
 * answered 404 or 405. Bodies of streams (text/event-stream) are not read.
 */
export function contractOf(doc: Json): ContractCheck {
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
  const compiled = new Map<string, ValidateFunction>();
  const validator = (schema: Json, key: string) => {
    let v = compiled.get(key);
    if (!v) {
      // The document's components ride along, so `#/components/schemas/…` resolves inside the schema.
      v = ajv.compile({ ...schema, components: doc.components });
      compiled.set(key, v);
    }
    return v;
  };
  const templates = Object.keys(doc.paths as Json).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
    literal: template.split('/').filter((s) => !s.startsWith('{')).length,
  }));
  // Of the templates that match, the most literal one (`/v1/keys` before `/v1/{x}`), as the router picks.
  const match = (path: string) =>
    templates
      .filter((t) => t.pattern.test(path))
      .sort((a, b) => b.literal - a.literal)[0]?.template;

  return {
    async check(method, url, response) {
      const path = new URL(url, 'http://x').pathname;
      const template = match(path);
      const where = `${method} ${path} → ${response.status}`;
      const operation: Json | undefined = template ? doc.paths[template][method.toLowerCase()] : undefined;
      const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
      if (!operation) {
        // The dashboard's pages and files (everything outside the API's paths) are not the API.
        if (method === 'HEAD' || method === 'OPTIONS' || !API_PATH.test(path)) return;
        // No such route (404, or 405 on a known path); the key and the body's size are checked before the route is looked up.
        const refusals = path.startsWith('/v1') || path.startsWith('/api') || path === '/metrics' ? [401, 403, 404, 405, 413, 429] : [404, 405, 413];
        if (!refusals.includes(response.status)) throw new Error(`contract: ${where}: no operation for this request, so only ${refusals.join(', ')} may answer it`);
        return;
      }
      const declared: Json | undefined = operation.responses[String(response.status)] ?? operation.responses.default;
      if (!declared) throw new Error(`contract: ${where}: status not declared (declared: ${Object.keys(operation.responses).join(', ')})`);
      for (const [header, name] of Object.entries(MEANINGFUL)) {
        if (response.headers.has(header) && !declared.headers?.[name]) throw new Error(`contract: ${where}: header ${header} sent but not declared`);
      }
      for (const [name, header] of Object.entries((declared.headers ?? {}) as Json)) {
        const wire = Object.entries(MEANINGFUL).find(([, n]) => n === name)?.[0];
        if (header.required && wire && !response.headers.has(wire)) throw new Error(`contract: ${where}: required header ${wire} missing`);
      }
      if (response.status === 204 || response.status === 304 || method === 'HEAD' || type === 'text/event-stream') return;
      const content: Json = declared.content ?? {};
      const media = content[type];
      if (!media) throw new Error(`contract: ${where}: content-type ${type || '(none)'} not declared (declared: ${Object.keys(content).join(', ') || 'no body'})`);
      if (!type.endsWith('json') || !media.schema) return;
      const text = await response.clone().text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`contract: ${where}: ${type} body is not JSON: ${text.slice(0, 200)}`);
      }
      const valid = validator(media.schema, `${template} ${method} ${response.status} ${type}`);
      if (!valid(body)) throw new Error(`contract: ${where}: body does not match the document: ${ajv.errorsText(valid.errors)}\n${text.slice(0, 500)}`);
    },
  };
}
