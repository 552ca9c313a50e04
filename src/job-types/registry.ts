/**
 * Every job type a process knows, from its four sources: built-in modules, types defined in code
 * (`createTollgate({ jobTypes })`), the configuration file, and the API (`job_types` table). The
 * first three are fixed at start and read-only over the API. Declared rows are read again on a timer
 * and when a name is asked for that this process does not know yet, so a type created through one
 * process is usable in every other one within a second.
 */
import type { Config } from '../config.js';
import type { Clock } from '../core/clock.js';
import { DeclaredJobType } from '../core/declaration.js';
import { JobTypeRegistry, type JobType } from '../core/job-types.js';
import type { Store } from '../store/db.js';
import { listDeclaredTypes } from '../store/job-types.store.js';
import type { JobTypesTable } from '../store/schema.js';
import { declaredJobType } from './declared.js';

export interface RegistryDeps {
  store: Store;
  clock: Clock;
  config: Pick<Config, 'jobTypes' | 'bodyLimitBytes'>;
}

export function createRegistry(deps: RegistryDeps, fixed: JobType[]): JobTypeRegistry {
  const rows = new Map<string, JobTypesTable>();
  const compiled = new Map<string, { version: number; type: JobType | undefined }>();
  const maxResultBytes = deps.config.bodyLimitBytes;

  const secrets = (name: string): string[] => {
    const configured = deps.config.jobTypes[name]?.handler;
    if (configured?.kind === 'http' && configured.secret) return [configured.secret];
    const row = rows.get(name);
    if (!row?.secret) return [];
    const previous = row.previous_secret && Number(row.previous_secret_until) > deps.clock.now() ? [row.previous_secret] : [];
    return [row.secret, ...previous];
  };
  const declaredDeps = { clock: deps.clock, secrets, maxResultBytes };

  const fromConfig = Object.entries(deps.config.jobTypes).map(([name, declared]) => declaredJobType(name, declared, 'config', declaredDeps));

  async function load(): Promise<JobType[]> {
    const current = await listDeclaredTypes(deps.store.db);
    rows.clear();
    const types: JobType[] = [];
    for (const row of current) {
      rows.set(row.name, row);
      let entry = compiled.get(row.name);
      if (entry?.version !== Number(row.version)) {
        // A row this version of Tollgate cannot read (written by a newer one) is skipped, not fatal.
        const parsed = DeclaredJobType.safeParse(JSON.parse(row.definition));
        entry = { version: Number(row.version), type: parsed.success ? declaredJobType(row.name, parsed.data, 'api', declaredDeps) : undefined };
        compiled.set(row.name, entry);
      }
      if (entry.type) types.push(entry.type);
    }
    for (const name of compiled.keys()) if (!rows.has(name)) compiled.delete(name);
    return types;
  }

  return new JobTypeRegistry([...fixed, ...fromConfig], load);
}
