import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PRICES, DEFAULT_TIERS, loadConfig } from '../../src/config.js';
import { LOCAL_CHAT_MODEL } from '../../src/job-types/chat-completion/local-chat.js';
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

  it('says for each kind of variable what it expected and what it got', () => {
    const problems = problemsOf({
      PORT: 'abc',
      WORKERS: '2.5',
      WORKER_LEASE_MS: '10',
      LOG_LEVEL: 'loud',
      SQLITE_SYNCHRONOUS: 'normal',
      DEMO_SEED: 'yes',
      OPENAI_BASE_URL: 'api.openai.com',
      DATABASE_URL: 'mysql://root:hunter2@db/app',
      DATABASE_SCHEMA: 'drop table;',
      TOLLGATE_TIERS: '{not json',
      TOLLGATE_METERS: '{"credits":"coins"}',
      TOLLGATE_ADMIN_KEY: 'sekrit',
    });
    const message = (name: string) => problems.find((p) => p.startsWith(`${name}: `));
    expect(message('PORT')).toBe('PORT: expected a whole number from 0 to 65535, got "abc"');
    expect(message('WORKERS')).toBe('WORKERS: expected a whole number from 0 to 1000, got "2.5"');
    expect(message('WORKER_LEASE_MS')).toBe('WORKER_LEASE_MS: expected a whole number of milliseconds, at least 1000, got "10"');
    expect(message('LOG_LEVEL')).toBe('LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"');
    expect(message('SQLITE_SYNCHRONOUS')).toBe('SQLITE_SYNCHRONOUS: expected one of OFF, NORMAL, FULL, got "normal"');
    expect(message('DEMO_SEED')).toBe('DEMO_SEED: expected true or false (or 1 or 0), got "yes"');
    expect(message('OPENAI_BASE_URL')).toBe('OPENAI_BASE_URL: expected an http(s) URL such as https://api.openai.com/v1, got "api.openai.com"');
    // The password never appears, not even in a URL that is refused.
    expect(message('DATABASE_URL')).toBe(
      'DATABASE_URL: expected file:<path> (SQLite) or postgres://user:password@host:5432/database (PostgreSQL), got "mysql://root:***@db/app"',
    );
    expect(message('DATABASE_SCHEMA')).toMatch(/^DATABASE_SCHEMA: expected a plain SQL identifier .*, got "drop table;"$/);
    expect(message('TOLLGATE_TIERS')).toMatch(/^TOLLGATE_TIERS: expected JSON such as \{"free":.*, got \{not json \(not valid JSON: .+\)$/);
    expect(message('TOLLGATE_METERS')).toBe(
      'TOLLGATE_METERS: expected JSON such as {"credits":"credits","lead_evaluations":"quota"}, got {"credits":"coins"} (credits: must be "quota" or "credits")',
    );
    // A secret's length, never its value.
    expect(message('TOLLGATE_ADMIN_KEY')).toBe('TOLLGATE_ADMIN_KEY: expected at least 16 characters, got 6');
    expect(problems.join('\n')).not.toMatch(/hunter2|sekrit/);
    expect(problems).toHaveLength(12);
  });

  it('treats empty variables as unset, applies defaults and freezes the result', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', TOLLGATE_ADMIN_KEY: '', TOLLGATE_METERS: '{"lead_evaluations":"credits"}' });
    expect(config).toMatchObject({ port: 8787, databaseUrl: 'file:./data/tollgate.db', adminKey: undefined, tiers: DEFAULT_TIERS });
    expect(config.meters).toEqual({ lead_evaluations: 'credits', credits: 'credits' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/x', PORT: '0' })).toMatchObject({ databaseUrl: 'postgresql://u:p@db:5432/x', port: 0 });
  });

  it('prices chat_completion by TOLLGATE_PRICES, the local model by default, naming each mistake', () => {
    expect(loadConfig({}).prices).toEqual(DEFAULT_PRICES);
    expect(Object.keys(DEFAULT_PRICES)).toEqual([LOCAL_CHAT_MODEL]);
    const prices = { 'gpt-4o-mini': { meter: 'credits', input_per_1k: 15, output_per_1k: 60 }, 'llama3.1:8b': { meter: 'credits', input_per_1k: 0, output_per_1k: 1 } };
    // The table replaces the default whole: the local model is sold only when it is listed.
    expect(loadConfig({ TOLLGATE_PRICES: JSON.stringify(prices) }).prices).toEqual(prices);

    const price = { meter: 'credits', input_per_1k: 1, output_per_1k: 2 };
    const mistakes: [unknown, string][] = [
      [{ m: { ...price, input_per_1k: 1.5 } }, 'm.input_per_1k: must be a whole number from 0 to 1000000000'],
      [{ m: { ...price, output_per_1k: -1 } }, 'm.output_per_1k: must be a whole number from 0 to 1000000000'],
      [{ m: { meter: 'credits', output_per_1k: 2 } }, 'm.input_per_1k: must be a whole number from 0 to 1000000000'],
      [{ m: { ...price, per_1k: 3 } }, 'm: unknown "per_1k": a price has meter, input_per_1k and output_per_1k'],
      [{ m: { ...price, meter: '' } }, 'm.meter: must be a meter name'],
      [{ m: { ...price, input_per_1k: 0, output_per_1k: 0 } }, 'm: input_per_1k and output_per_1k must not both be 0: a job is charged at least 1'],
      [{ m: price, n: { ...price, meter: 'tokens' } }, 'every model must use the same meter (chat_completion charges one), not "credits" and "tokens"'],
      [{ 'a model': price }, 'a model: a model name is 1-100 letters, digits and . _ : / @ -'],
      [{}, 'must price at least one model'],
      [[], 'must be an object {model: price}'],
    ];
    for (const [value, reason] of mistakes) {
      const problems = problemsOf({ TOLLGATE_PRICES: JSON.stringify(value) });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^TOLLGATE_PRICES: expected JSON such as \{"local-chat":\{"meter":"credits","input_per_1k":10,"output_per_1k":30\}\}, got /);
      expect(problems[0]!.endsWith(`(${reason})`), `${problems[0]} ends with (${reason})`).toBe(true);
    }
    expect(problemsOf({ TOLLGATE_PRICES: '{"m":' })[0]).toMatch(/^TOLLGATE_PRICES: .*\(not valid JSON: /);
  });

  it('makes the CLI exit 78 with every message, before touching a database', async () => {
    const result = await runTollgate(['verify'], { PORT: 'abc', DATABASE_URL: 'mysql://x' });
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/^\s+- PORT: expected a whole number from 0 to 65535, got "abc"$/m);
    expect(result.stderr).toMatch(/^\s+- DATABASE_URL: /m);
    expect(result.stdout).toBe('');
  });
});
