import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { usedOf } from '../support/admission.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { client, SUMMARIZE, workerKey } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-config-'));
function configFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('accepted');
}

describe.each(DIALECTS)('a type declared in tollgate.config.json (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    expect(await h.verify()).toMatchObject({ ok: true });
    await h.close();
  });

  it('is read at start, admitted and run like any type, and cannot be changed over the API', async () => {
    const path = configFile(`ok-${dialect}.json`, { job_types: { summarize: SUMMARIZE } });
    h = await createHarness(dialect, { env: { TOLLGATE_CONFIG: path } });
    const type = await (await h.request('GET', '/v1/job-types/summarize', { key: ADMIN_KEY })).json();
    expect(type).toMatchObject({ name: 'summarize', source: 'config', meter: 'credits', cost: { per_item: 2 }, handler: { kind: 'remote' }, version: null });

    for (const [method, path, body] of [
      ['PUT', '/v1/job-types/summarize', SUMMARIZE],
      ['DELETE', '/v1/job-types/summarize', undefined],
    ] as const) {
      const response = await h.request(method, path, { key: ADMIN_KEY, ...(body ? { body } : {}) });
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ code: 'conflict', detail: expect.stringMatching(/configuration file/) });
    }

    const t = await h.tenant({ limits: { credits: 10 } });
    const http = client(await h.listen());
    const admitted = await http('POST', '/v1/jobs', t.key, { type: 'summarize', input: { documents: [{ text: 'a' }] } });
    expect(admitted.status).toBe(201);
    expect(await usedOf(h, t.id)).toBe(2);
    const worker = await workerKey(h, ['summarize']);
    const [item] = (await http('POST', '/v1/worker/claim', worker.key, { types: ['summarize'] })).body.items;
    expect((await http('POST', `/v1/worker/items/${item.id}/complete`, worker.key, { attempt: item.attempt, result: { summary: 'A' } })).status).toBe(200);
    expect((await http('GET', `/v1/jobs/${admitted.body.job.id}`, t.key)).body).toMatchObject({ status: 'completed' });
  });
});

// Reading the file touches no database: no dialect loop.
describe('a bad configuration file', () => {
  it('gets one message per mistake, each with the file and the path inside it', () => {
    const path = configFile('bad.json', {
      job_types: {
        Summarize: SUMMARIZE,
        transcribe: { ...SUMMARIZE, cost: { per_minute: 1 } },
        render: { ...SUMMARIZE, input_schema: { type: 'objekt' } },
      },
    });
    const problems = problemsOf({ TOLLGATE_CONFIG: path });
    expect(problems).toHaveLength(3);
    expect(problems.every((p) => p.startsWith(`TOLLGATE_CONFIG (${path}): `))).toBe(true);
    expect(problems.some((p) => /job_types\.Summarize.*lower_snake_case/.test(p))).toBe(true);
    expect(problems.some((p) => /job_types\.transcribe\.cost: must be \{"per_job": n\}/.test(p))).toBe(true);
    expect(problems.some((p) => /job_types\.render\.input_schema/.test(p))).toBe(true);
  });

  it('says which variable an http handler secret needs, and reports JSON it cannot parse', () => {
    const path = configFile('secret.json', { job_types: { call_out: { ...SUMMARIZE, handler: { kind: 'http', url: 'https://summarizer.internal/run', secret_env: 'SUMMARIZER_SECRET' } } } });
    expect(problemsOf({ TOLLGATE_CONFIG: path })).toEqual([`TOLLGATE_CONFIG (${path}): job_types.call_out.handler.secret_env: the variable SUMMARIZER_SECRET is not set`]);
    expect(() => loadConfig({ TOLLGATE_CONFIG: path, SUMMARIZER_SECRET: 'whsec_' + Buffer.alloc(24, 7).toString('base64') })).not.toThrow();

    const broken = configFile('broken.json', '{"job_types": {');
    expect(problemsOf({ TOLLGATE_CONFIG: broken })).toEqual([expect.stringMatching(new RegExp(`^TOLLGATE_CONFIG \\(${broken}\\): is not valid JSON`))]);
    expect(problemsOf({ TOLLGATE_CONFIG: join(dir, 'missing.json') })).toEqual([expect.stringMatching(/cannot be read \(ENOENT\)/)]);
  });
});
