import { z } from 'zod';
import { readConfigFile } from './config-file.js';
import type { DeclaredJobType } from './core/declaration.js';

/** A meter's kind decides how exhaustion is reported: `quota` → 429, `credits` → 402. */
export const MeterKind = z.enum(['quota', 'credits'], { error: 'must be "quota" or "credits"' });
export type MeterKind = z.infer<typeof MeterKind>;

const Limits = z.record(
  z.string().min(1, 'a meter name must not be empty'),
  z.number({ error: 'must be a whole number, 0 or more' }).int({ error: 'must be a whole number, 0 or more' }).nonnegative({ error: 'must be a whole number, 0 or more' }),
  { error: 'must be an object {meter: limit}' },
);
export const Tiers = z.record(z.string().min(1, 'a tier name must not be empty'), Limits, { error: 'must be an object {tier: {meter: limit}}' });
export type Tiers = z.infer<typeof Tiers>;
export const Meters = z.record(z.string().min(1, 'a meter name must not be empty'), MeterKind, { error: 'must be an object {meter: "quota" | "credits"}' });
export type Meters = z.infer<typeof Meters>;

const PER_THOUSAND_MAX = 1_000_000_000;
const perThousand = z
  .number({ error: `must be a whole number from 0 to ${PER_THOUSAND_MAX}` })
  .int({ error: `must be a whole number from 0 to ${PER_THOUSAND_MAX}` })
  .min(0, { error: `must be a whole number from 0 to ${PER_THOUSAND_MAX}` })
  .max(PER_THOUSAND_MAX, { error: `must be a whole number from 0 to ${PER_THOUSAND_MAX}` });
/** A model's price: units of `meter` per 1,000 prompt (input) and answer (output) tokens. */
export const ModelPrice = z
  .object(
    { meter: z.string({ error: 'must be a meter name' }).min(1, 'must be a meter name'), input_per_1k: perThousand, output_per_1k: perThousand },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown ${issue.keys.map((k) => `"${k}"`).join(', ')}: a price has meter, input_per_1k and output_per_1k`
          : 'must be an object {"meter", "input_per_1k", "output_per_1k"}',
    },
  )
  .strict()
  // A job costs at least 1 at admission; a prompt has tokens and an answer may have one, so this suffices.
  .refine((price) => price.input_per_1k + price.output_per_1k > 0, 'input_per_1k and output_per_1k must not both be 0: a job is charged at least 1');
export type ModelPrice = z.infer<typeof ModelPrice>;
/** The model names chat_completion accepts, as OpenAI-compatible servers spell them (`gpt-4o-mini`, `llama3.1:8b`). */
export const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,99}$/;
export const Prices = z
  .record(z.string().regex(MODEL_NAME), ModelPrice, {
    error: (issue) => (issue.code === 'invalid_key' ? 'a model name is 1-100 letters, digits and . _ : / @ -' : 'must be an object {model: price}'),
  })
  .refine((prices) => Object.keys(prices).length > 0, 'must price at least one model')
  .superRefine((prices, ctx) => {
    // A job type charges one meter: chat_completion's is its models' meter.
    const meters = [...new Set(Object.values(prices).map((price) => price.meter))];
    if (meters.length > 1) ctx.addIssue({ code: 'custom', message: `every model must use the same meter (chat_completion charges one), not ${meters.map((m) => `"${m}"`).join(' and ')}` });
  });
export type Prices = z.infer<typeof Prices>;

/** Percentages of a meter's limit that send `usage.threshold`, per tier; `*` for every other tier. */
export const Thresholds = z.record(
  z.string().min(1, 'a tier name must not be empty'),
  z.array(z.number().int().min(1).max(1000), { error: 'must be a list of whole percentages from 1 to 1000' }),
  { error: 'must be an object {tier: [percent, …]}' },
);
export type Thresholds = z.infer<typeof Thresholds>;
export const DEFAULT_THRESHOLDS: Thresholds = { '*': [80, 100] };
/** Standard Webhooks' schedule: the delay before each attempt, the first immediate. */
export const DEFAULT_RETRY_SCHEDULE_MS = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000];

export const DEFAULT_TIERS: Tiers = {
  free: { lead_evaluations: 20, credits: 100 },
  pro: { lead_evaluations: 1000, credits: 10000 },
};
export const DEFAULT_METERS: Meters = { lead_evaluations: 'quota', credits: 'credits' };
/** The local model's price, so that chat_completion works without configuration. */
export const DEFAULT_PRICES: Prices = { 'local-chat': { meter: 'credits', input_per_1k: 10, output_per_1k: 30 } };
export const DEFAULT_DATABASE_URL = 'file:./data/tollgate.db';

/** A URL with its password replaced by `***` (user info and `?password=`): safe to print and log. */
export function redactUrl(url: string): string {
  // Up to the last @: a password with an unencoded @, / or # is masked too (over-masking beats a leak).
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/?#]*):.*@/i, '$1:***@').replace(/([?&]password=)[^&#]*/gi, '$1***');
}

// Every variable fails with one message: "NAME: expected <what it takes>, got <what it got>".
// A reader returns the value, or refuse() with an optional reason that follows in parentheses.
class Refused {
  constructor(readonly reason?: string) {}
}
const refuse = (reason?: string) => new Refused(reason);
type Read<T> = (text: string) => T | Refused;

const clipped = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text).replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
const shown = (text: string) => `"${clipped(text)}"`;

function variable<T>(expected: string, read: Read<T>, show: (text: string) => string = shown) {
  return z.string().transform((text, ctx) => {
    const result = read(text);
    if (!(result instanceof Refused)) return result;
    ctx.addIssue({ code: 'custom', message: `expected ${expected}, got ${show(text)}${result.reason ? ` (${result.reason})` : ''}` });
    return z.NEVER;
  });
}

function wholeNumber(min: number, max?: number, unit?: string) {
  const what = unit ? `a whole number of ${unit}` : 'a whole number';
  const expected = max === undefined ? `${what}, at least ${min}` : `${what} from ${min} to ${max}`;
  return variable(expected, (text) => {
    const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
    return Number.isSafeInteger(n) && n >= min && (max === undefined || n <= max) ? n : refuse();
  });
}

function oneOf<const T extends string>(values: readonly T[]) {
  return variable(`one of ${values.join(', ')}`, (text) => (values.includes(text as T) ? (text as T) : refuse()));
}

function json<T>(expected: string, schema: z.ZodType<T>) {
  // Shown unquoted: JSON in quotes would need its own quotes escaped.
  return variable(`JSON such as ${expected}`, (text) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return refuse(`not valid JSON: ${(error as Error).message}`);
    }
    const result = schema.safeParse(parsed);
    if (result.success) return result.data;
    const issue = result.error.issues[0]!;
    return refuse(issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message);
  }, clipped);
}

const flag = variable('true or false (or 1 or 0)', (text) => {
  const v = text.trim().toLowerCase();
  return v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : refuse();
});

const httpUrl = (example: string) =>
  variable(
    `an http(s) URL such as ${example}`,
    (text) => {
      try {
        return /^https?:$/.test(new URL(text).protocol) ? text : refuse();
      } catch {
        return refuse();
      }
    },
    (text) => shown(redactUrl(text)),
  );

const databaseUrl = variable(
  'file:<path> (SQLite) or postgres://user:password@host:5432/database (PostgreSQL)',
  (text) => {
    if ((text.startsWith('file:') && text.length > 'file:'.length) || text === ':memory:') return text;
    if (/^postgres(ql)?:\/\//.test(text)) {
      try {
        new URL(text);
        return text;
      } catch {
        return refuse('not a valid URL: percent-encode special characters in the user name and password');
      }
    }
    return refuse();
  },
  (text) => shown(redactUrl(text)),
);

const Env = z.object({
  DATABASE_URL: databaseUrl.default(DEFAULT_DATABASE_URL),
  DATABASE_SCHEMA: variable('a plain SQL identifier (letters, digits and _, not starting with a digit)', (text) =>
    /^[a-z_][a-z0-9_]*$/i.test(text) ? text : refuse(),
  ).default('public'),
  PORT: wholeNumber(0, 65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  // A secret: its length is shown, never its value.
  TOLLGATE_ADMIN_KEY: variable('at least 16 characters', (text) => (text.length >= 16 ? text : refuse()), (text) => `${text.length}`).optional(),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TOLLGATE_TIERS: json('{"free":{"credits":100},"pro":{"credits":10000}}', Tiers).optional(),
  TOLLGATE_METERS: json('{"credits":"credits","lead_evaluations":"quota"}', Meters).optional(),
  TOLLGATE_PRICES: json('{"local-chat":{"meter":"credits","input_per_1k":10,"output_per_1k":30}}', Prices).optional(),
  WORKERS: wholeNumber(0, 1000).default(8),
  WORKER_BATCH_SIZE: wholeNumber(1, 1000).default(50),
  WORKER_LEASE_MS: wholeNumber(1000, undefined, 'milliseconds').default(30_000),
  WORKER_POLL_MS: wholeNumber(10, undefined, 'milliseconds').default(1000),
  TENANT_MAX_CONCURRENCY: wholeNumber(1).optional(),
  SHUTDOWN_GRACE_MS: wholeNumber(0, undefined, 'milliseconds').default(10_000),
  JOB_RETENTION_DAYS: wholeNumber(1, undefined, 'days').default(30),
  AI_PROVIDER: oneOf(['local', 'openai']).default('local'),
  OPENAI_BASE_URL: httpUrl('https://api.openai.com/v1').default('https://api.openai.com/v1'),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: wholeNumber(100, undefined, 'milliseconds').default(30_000),
  MAX_ITEMS_PER_JOB: wholeNumber(1, 10_000_000).default(100_000),
  BODY_LIMIT_BYTES: wholeNumber(1024, undefined, 'bytes').default(1024 * 1024),
  BULK_BODY_LIMIT_BYTES: wholeNumber(1024, undefined, 'bytes').default(32 * 1024 * 1024),
  KEY_CACHE_MS: wholeNumber(0, undefined, 'milliseconds').default(5_000),
  AUTH_FAILURES_PER_MINUTE: wholeNumber(1).default(30),
  SQLITE_SYNCHRONOUS: oneOf(['OFF', 'NORMAL', 'FULL']).default('NORMAL'),
  DEMO_SEED: flag.default(true),
  WEBHOOKS_ALLOW_PRIVATE: flag.default(false),
  WEBHOOK_TIMEOUT_MS: wholeNumber(100, undefined, 'milliseconds').default(15_000),
  WEBHOOK_RETRY_SCHEDULE_MS: variable('comma-separated milliseconds such as 0,5000,300000', (text) => {
    const parts = text.split(',').map((p) => p.trim());
    const ms = parts.map(Number);
    return parts.length > 0 && parts.every((p) => /^\d+$/.test(p)) && ms.every(Number.isSafeInteger) ? ms : refuse();
  }).optional(),
  WEBHOOK_THRESHOLDS: json('{"*":[80,100],"pro":[50,80,100]}', Thresholds).optional(),
  WEBHOOK_DISABLE_AFTER_MS: wholeNumber(1000, undefined, 'milliseconds').default(5 * 24 * 60 * 60 * 1000),
  WEBHOOK_ENDPOINT_CONCURRENCY: wholeNumber(1, 100).default(4),
  WEBHOOK_POLL_MS: wholeNumber(10, undefined, 'milliseconds').default(1000),
  WEBHOOK_ROTATION_OVERLAP_MS: wholeNumber(0, undefined, 'milliseconds').default(24 * 60 * 60 * 1000),
});

export interface Config {
  databaseUrl: string;
  /** PostgreSQL only: the schema Tollgate's tables live in. */
  databaseSchema: string;
  port: number;
  host: string;
  adminKey: string | undefined;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  tiers: Tiers;
  meters: Meters;
  /** chat_completion's price per model (TOLLGATE_PRICES, which replaces the default table whole). */
  prices: Prices;
  worker: { concurrency: number; batchSize: number; leaseMs: number; pollMs: number; tenantMaxConcurrency: number | undefined; shutdownGraceMs: number };
  retentionDays: number;
  ai: { provider: 'local' | 'openai'; baseUrl: string; apiKey: string | undefined; model: string; timeoutMs: number };
  /** A job that expands to more items is refused before anything is charged or stored. */
  maxItemsPerJob: number;
  bodyLimitBytes: number;
  bulkBodyLimitBytes: number;
  keyCacheMs: number;
  authFailuresPerMinute: number;
  sqliteSynchronous: 'OFF' | 'NORMAL' | 'FULL';
  demoSeed: boolean;
  webhooks: {
    /** Deliver to loopback, private, link-local and metadata addresses too (tests, an intranet). */
    allowPrivate: boolean;
    timeoutMs: number;
    /** The delay before each attempt; a delivery gives up after the last. */
    retryScheduleMs: number[];
    thresholds: Thresholds;
    /** An endpoint failing this long without a success is disabled. */
    disableAfterMs: number;
    /** Deliveries in flight per endpoint, per dispatcher. */
    endpointConcurrency: number;
    pollMs: number;
    /** How long the previous secret signs too after a rotation. */
    rotationOverlapMs: number;
  };
  /** The configuration file read (TOLLGATE_CONFIG, or ./tollgate.config.json when it exists). */
  configFile: string | undefined;
  /** Job types declared in that file. */
  jobTypes: Readonly<Record<string, DeclaredJobType>>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse the environment once; one message per bad variable, naming it and what it takes. The result is frozen. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  const file = readConfigFile(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`)),
    ...('problems' in file ? file.problems : []),
  ];
  if (!parsed.success || 'problems' in file) throw new ConfigError(problems);
  const e = parsed.data;
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    port: e.PORT,
    host: e.HOST,
    adminKey: e.TOLLGATE_ADMIN_KEY,
    logLevel: e.LOG_LEVEL,
    tiers: e.TOLLGATE_TIERS ?? DEFAULT_TIERS,
    meters: { ...DEFAULT_METERS, ...e.TOLLGATE_METERS },
    prices: e.TOLLGATE_PRICES ?? DEFAULT_PRICES,
    worker: {
      concurrency: e.WORKERS,
      batchSize: e.WORKER_BATCH_SIZE,
      leaseMs: e.WORKER_LEASE_MS,
      pollMs: e.WORKER_POLL_MS,
      tenantMaxConcurrency: e.TENANT_MAX_CONCURRENCY,
      shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    },
    retentionDays: e.JOB_RETENTION_DAYS,
    ai: { provider: e.AI_PROVIDER, baseUrl: e.OPENAI_BASE_URL, apiKey: e.OPENAI_API_KEY, model: e.OPENAI_MODEL, timeoutMs: e.OPENAI_TIMEOUT_MS },
    maxItemsPerJob: e.MAX_ITEMS_PER_JOB,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    bulkBodyLimitBytes: e.BULK_BODY_LIMIT_BYTES,
    keyCacheMs: e.KEY_CACHE_MS,
    authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    demoSeed: e.DEMO_SEED,
    webhooks: {
      allowPrivate: e.WEBHOOKS_ALLOW_PRIVATE,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retryScheduleMs: e.WEBHOOK_RETRY_SCHEDULE_MS ?? DEFAULT_RETRY_SCHEDULE_MS,
      thresholds: { ...DEFAULT_THRESHOLDS, ...e.WEBHOOK_THRESHOLDS },
      disableAfterMs: e.WEBHOOK_DISABLE_AFTER_MS,
      endpointConcurrency: e.WEBHOOK_ENDPOINT_CONCURRENCY,
      pollMs: e.WEBHOOK_POLL_MS,
      rotationOverlapMs: e.WEBHOOK_ROTATION_OVERLAP_MS,
    },
    configFile: file.path,
    jobTypes: file.jobTypes,
  });
}
