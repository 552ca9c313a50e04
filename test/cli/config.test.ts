import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_TIERS, loadConfig } from '../../src/config.js';
import { runTollgate } from '../support/server.js';

/** The problems a ConfigError lists, or a failure when the environment was accepted. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`accepted: ${JSON.stringify(env)}`);
}

// Configuration does not touch a database: no dialect loop.
describe('configuration', () => {
  it('reports one message per bad variable, each naming its variable', () => {
    const problems = problemsOf({ PORT: 'abc', DATABASE_URL: 'mysql://x' });
    expect(problems).toHaveLength(2);
    expect(problems.filter((p) => p.startsWith('PORT:'))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith('DATABASE_URL:'))).toHaveLength(1);
    expect(problems.find((p) => p.startsWith('DATABASE_URL:'))).toMatch(/postgres/);
  });

  it('names every bad variable at once, and no good one', () => {
    const bad = {
      PORT: '70000',
      WORKERS: '-1',
      TOLLGATE_ADMIN_KEY: 'short',
      TOLLGATE_TIERS: '{not json',
      TOLLGATE_METERS: '{"credits":"coins"}',
      LOG_LEVEL: 'loud',
      DATABASE_SCHEMA: 'drop table;',
      BODY_LIMIT_BYTES: '10',
    };
    const problems = problemsOf({ ...bad, HOST: '0.0.0.0', DATABASE_URL: 'file:./x.db' });
    expect(problems.map((p) => p.split(/[.:]/)[0]).sort()).toEqual(Object.keys(bad).sort());
    expect(problems.find((p) => p.startsWith('TOLLGATE_TIERS'))).toMatch(/JSON/);
    const error = (() => {
      try {
        loadConfig(bad);
      } catch (e) {
        return e as Error;
      }
    })();
    for (const name of Object.keys(bad)) expect(error?.message).toContain(name);
  });

  it('treats empty variables as unset, applies defaults and freezes the result', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', TOLLGATE_ADMIN_KEY: '', TOLLGATE_METERS: '{"lead_evaluations":"credits"}' });
    expect(config).toMatchObject({ port: 8787, databaseUrl: 'file:./data/tollgate.db', adminKey: undefined, tiers: DEFAULT_TIERS });
    expect(config.meters).toEqual({ lead_evaluations: 'credits', credits: 'credits' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/x', PORT: '0' })).toMatchObject({ databaseUrl: 'postgresql://u:p@db:5432/x', port: 0 });
  });

  it('makes the CLI exit 78 with every message, before touching a database', async () => {
    const result = await runTollgate(['verify'], { PORT: 'abc', DATABASE_URL: 'mysql://x' });
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/^\s+- PORT: /m);
    expect(result.stderr).toMatch(/^\s+- DATABASE_URL: /m);
    expect(result.stdout).toBe('');
  });
});
