/**
 * `tollgate.config.json` (or the file TOLLGATE_CONFIG names): what does not fit an environment
 * variable — job types declared as data. Read once at start; every mistake is reported, each with
 * the file and the path inside it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DeclaredJobType, JOB_TYPE_NAME } from './core/declaration.js';

export const DEFAULT_CONFIG_FILE = 'tollgate.config.json';

const ConfigFile = z
  .object({
    $schema: z.string().optional(),
    job_types: z.record(z.string().regex(JOB_TYPE_NAME, 'job type names are lower_snake_case: a-z, 0-9 and _, starting with a letter, at most 64'), DeclaredJobType).default({}),
  })
  .strict();

export interface FileConfig {
  /** The file read, or undefined when there is none. */
  path: string | undefined;
  /** Declared job types by name, each http handler's secret resolved. */
  jobTypes: Record<string, DeclaredJobType>;
}

/** Reads the file; returns its problems, one line each, instead of throwing (config.ts collects them). */
export function readConfigFile(env: Record<string, string | undefined>): FileConfig | { problems: string[] } {
  const named = env.TOLLGATE_CONFIG;
  const path = named ? resolve(named) : existsSync(DEFAULT_CONFIG_FILE) ? resolve(DEFAULT_CONFIG_FILE) : undefined;
  if (!path) return { path: undefined, jobTypes: {} };
  const where = named ? `TOLLGATE_CONFIG (${named})` : DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { problems: [`${where}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [`${where}: is not valid JSON (${(error as Error).message})`] };
  }
  const parsed = ConfigFile.safeParse(json);
  if (!parsed.success) {
    // A bad record key is reported as "Invalid key in record"; its own issue says why.
    const message = (i: z.core.$ZodIssue) => (i.code === 'invalid_key' ? (i.issues[0]?.message ?? i.message) : i.message);
    return { problems: parsed.error.issues.map((i) => `${where}: ${i.path.join('.') || '(file)'}: ${message(i)}`) };
  }

  const problems: string[] = [];
  const jobTypes: Record<string, DeclaredJobType> = {};
  for (const [name, declared] of Object.entries(parsed.data.job_types)) {
    const handler = declared.handler;
    if (handler.kind === 'http') {
      const secret = handler.secret ?? (handler.secret_env ? env[handler.secret_env] : undefined);
      if (!handler.secret && !handler.secret_env) problems.push(`${where}: job_types.${name}.handler: an http handler needs "secret" (whsec_…) or "secret_env" (the variable that holds it)`);
      else if (!secret) problems.push(`${where}: job_types.${name}.handler.secret_env: the variable ${handler.secret_env} is not set`);
      else jobTypes[name] = { ...declared, handler: { ...handler, secret } };
    } else jobTypes[name] = declared;
  }
  return problems.length > 0 ? { problems } : { path, jobTypes };
}
