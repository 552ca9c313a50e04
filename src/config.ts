import { z } from 'zod';

/** A meter's kind decides how exhaustion is reported: `quota` → 429, `credits` → 402. */
export const MeterKind = z.enum(['quota', 'credits']);
export type MeterKind = z.infer<typeof MeterKind>;

const Limits = z.record(z.string().min(1), z.number().int().nonnegative());
export const Tiers = z.record(z.string().min(1), Limits);
export type Tiers = z.infer<typeof Tiers>;
export const Meters = z.record(z.string().min(1), MeterKind);
export type Meters = z.infer<typeof Meters>;

export const DEFAULT_TIERS: Tiers = {
  free: { lead_evaluations: 20, credits: 100 },
  pro: { lead_evaluations: 1000, credits: 10000 },
};
export const DEFAULT_METERS: Meters = { lead_evaluations: 'quota', credits: 'credits' };

const json = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
      return z.NEVER;
    }
  }).pipe(schema);

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const Env = z.object({
  DATABASE_URL: z
    .string()
    .default('file:./data/tollgate.db')
    .refine((v) => v.startsWith('file:') || v === ':memory:' || /^postgres(ql)?:\/\//.test(v), {
      message: 'must be file:<path> (SQLite) or postgres://… (PostgreSQL)',
    }),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/i, 'must be a plain SQL identifier').default('public'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  TOLLGATE_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TOLLGATE_TIERS: json(Tiers).optional(),
  TOLLGATE_METERS: json(Meters).optional(),
  WORKERS: z.coerce.number().int().min(0).max(1000).default(8),
  WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  WORKER_LEASE_MS: z.coerce.number().int().min(1000).default(30_000),
  WORKER_POLL_MS: z.coerce.number().int().min(10).default(1000),
  TENANT_MAX_CONCURRENCY: z.coerce.number().int().min(1).optional(),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  JOB_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  AI_PROVIDER: z.enum(['local', 'openai']).default('local'),
  OPENAI_BASE_URL: z.string().url().default('https://api.openai.com/v1'),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  BULK_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(32 * 1024 * 1024),
  KEY_CACHE_MS: z.coerce.number().int().min(0).default(5_000),
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  SQLITE_SYNCHRONOUS: z.enum(['OFF', 'NORMAL', 'FULL']).default('NORMAL'),
  DEMO_SEED: flag.default(true),
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
  worker: { concurrency: number; batchSize: number; leaseMs: number; pollMs: number; tenantMaxConcurrency: number | undefined; shutdownGraceMs: number };
  retentionDays: number;
  ai: { provider: 'local' | 'openai'; baseUrl: string; apiKey: string | undefined; model: string; timeoutMs: number };
  bodyLimitBytes: number;
  bulkBodyLimitBytes: number;
  keyCacheMs: number;
  authFailuresPerMinute: number;
  sqliteSynchronous: 'OFF' | 'NORMAL' | 'FULL';
  demoSeed: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse the environment once; one message per bad variable. The result is frozen. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
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
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    bulkBodyLimitBytes: e.BULK_BODY_LIMIT_BYTES,
    keyCacheMs: e.KEY_CACHE_MS,
    authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    demoSeed: e.DEMO_SEED,
  });
}
