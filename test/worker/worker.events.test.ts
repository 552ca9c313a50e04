import http from 'node:http';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { createHarness, DIALECTS, type Harness } from '../support/harness.js';
import { spawnTollgate, type ChildServer } from '../support/server.js';
import { admitEcho, databaseEnv, jobRow, until } from './helpers.js';

interface SseMessage {
  event?: string;
  id?: string;
  data?: string;
  comment?: string;
}

/**
 * Reads a text/event-stream body message by message (WHATWG HTML §9.2: fields are `name: value`
 * lines, a blank line ends a message, a line starting with `:` is a comment).
 */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ended = false;
  const raw: string[] = [];
  return {
    raw,
    get ended() {
      return ended;
    },
    async next(): Promise<SseMessage | undefined> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          raw.push(block);
          const message: SseMessage = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) message.comment = line.slice(1).trim();
            else {
              const colon = line.indexOf(':');
              const field = line.slice(0, colon) as 'event' | 'id' | 'data';
              const value = line.slice(colon + 1).replace(/^ /, '');
              message[field] = message[field] === undefined ? value : `${message[field]}\n${value}`;
            }
          }
          return message;
        }
        const { done, value } = await reader.read();
        if (done) {
          ended = true;
          return undefined;
        }
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel().catch(() => {}),
  };
}

/** GET over a plain socket that the test can close at once. */
function openStream(url: string, key: string): Promise<{ status: number; body: ReadableStream<Uint8Array>; close(): void }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { authorization: `Bearer ${key}` } }, (response) => {
      resolve({ status: response.statusCode!, body: Readable.toWeb(response) as ReadableStream<Uint8Array>, close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}

const jobOf = (m: SseMessage) => JSON.parse(m.data!) as { id: string; status: string; progress: { percent: number; items_done: number } };

describe.each(DIALECTS)('job events over SSE (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    vi.useRealTimers();
    expect((await h.verify()).ok).toBe(true);
    await h.close();
  });

  it("streams a job's progress with rising percent, then its completion, then closes", async () => {
    h = await createHarness(dialect, { clock: systemClock });
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const url = await h.listen();
    const job = await admitEcho(h, tenant.key, { items: 20, sleep_ms: 40 });

    const response = await fetch(`${url}/v1/jobs/${job.id}/events`, { headers: { authorization: `Bearer ${tenant.key}` }, signal: AbortSignal.timeout(20_000) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const sse = sseReader(response.body!);
    h.tollgate.startWorkers({ concurrency: 2, batchSize: 1, pollMs: 10 });

    const messages: SseMessage[] = [];
    for (let m = await sse.next(); m; m = await sse.next()) messages.push(m);

    expect(sse.ended).toBe(true);
    for (const block of sse.raw) {
      expect(block.split('\n').sort()).toEqual([expect.stringMatching(/^data: \{.*\}$/), 'event: job', expect.stringMatching(/^id: job_\w+:\d+$/)]);
    }
    const jobs = messages.map(jobOf);
    expect(jobs.every((j) => j.id === job.id)).toBe(true);
    expect(jobs[0]).toMatchObject({ status: 'pending', progress: { percent: 0 } });
    expect(jobs.at(-1)).toMatchObject({ status: 'completed', progress: { percent: 100, items_done: 20 } });
    const percents = jobs.map((j) => j.progress.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(new Set(percents.filter((p) => p > 0 && p < 100)).size).toBeGreaterThanOrEqual(2);
    // Nothing after the end: `completed` is the last message.
    expect(jobs.filter((j) => j.status === 'completed')).toHaveLength(1);
  });

  it('closes at once with the job when it has already ended', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const job = await admitEcho(h, tenant.key, { items: 2 });
    expect((await h.request('POST', `/v1/jobs/${job.id}/cancel`, { key: tenant.key })).status).toBe(200);
    const response = await h.request('GET', `/v1/jobs/${job.id}/events`, { key: tenant.key });
    const sse = sseReader(response.body!);
    expect(jobOf((await sse.next())!)).toMatchObject({ id: job.id, status: 'cancelled' });
    expect(await sse.next()).toBeUndefined();
  });

  it("delivers all of the tenant's jobs on /v1/events and none of another tenant's", async () => {
    h = await createHarness(dialect, { clock: systemClock });
    const mine = await h.tenant({ limits: { credits: 100 } });
    const theirs = await h.tenant({ limits: { credits: 100 } });
    const url = await h.listen();
    // node:http rather than fetch: fetch keeps an aborted stream's socket open for seconds, and the
    // server (rightly) keeps streaming until the socket closes.
    const stream = await openStream(`${url}/v1/events`, mine.key);
    expect(stream.status).toBe(200);
    const sse = sseReader(stream.body);

    const a = await admitEcho(h, mine.key, { items: 3, sleep_ms: 10 });
    const b = await admitEcho(h, mine.key, { items: 2, sleep_ms: 10 });
    const other = await admitEcho(h, theirs.key, { items: 3, sleep_ms: 10 });
    h.tollgate.startWorkers({ concurrency: 4, batchSize: 4, pollMs: 10 });
    await until(() => jobRow(h, other.id), (j) => j.status === 'completed', 10_000, "the other tenant's job");

    const seen = new Map<string, string[]>();
    const timer = setTimeout(() => stream.close(), 15_000);
    try {
      const readUntil = async (done: () => boolean) => {
        while (!done()) {
          const m = await sse.next();
          if (!m) break;
          const j = jobOf(m);
          seen.set(j.id, [...(seen.get(j.id) ?? []), j.status]);
        }
      };
      await readUntil(() => Boolean(seen.get(a.id)?.includes('completed') && seen.get(b.id)?.includes('completed')));
      // A last job of ours, admitted after the other tenant's had ended: once its event is in,
      // everything the stream sent before it has been read.
      const last = await admitEcho(h, mine.key, { items: 1 });
      await readUntil(() => seen.has(last.id));
      expect([...seen.keys()].sort()).toEqual([a.id, b.id, last.id].sort());
    } finally {
      clearTimeout(timer);
      stream.close();
    }
    expect(seen.has(other.id)).toBe(false);
    expect(seen.get(a.id)).toContain('completed');
    expect(seen.get(b.id)).toContain('completed');
  });

  it('accepts ?access_token= on the event routes only', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const stranger = await h.tenant({ limits: { credits: 100 } });
    const job = await admitEcho(h, tenant.key, { items: 1 });
    const token = encodeURIComponent(tenant.key);

    const one = await h.request('GET', `/v1/jobs/${job.id}/events?access_token=${token}`);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const sse = sseReader(one.body!);
    expect(jobOf((await sse.next())!)).toMatchObject({ id: job.id, status: 'pending' });
    await sse.cancel();

    const all = await h.request('GET', `/v1/events?access_token=${token}`);
    expect(all.status).toBe(200);
    await all.body!.cancel();

    expect((await h.request('GET', `/v1/jobs/${job.id}?access_token=${token}`)).status).toBe(401);
    expect((await h.request('GET', `/v1/jobs/${job.id}/events?access_token=tg_not_a_key`)).status).toBe(401);
    expect((await h.request('GET', `/v1/jobs/${job.id}/events`)).status).toBe(401);
    expect((await h.request('GET', `/v1/jobs/${job.id}/events?access_token=${encodeURIComponent(stranger.key)}`)).status).toBe(404);
  });

  it('sends a heartbeat comment while nothing happens', async () => {
    h = await createHarness(dialect);
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const job = await admitEcho(h, tenant.key, { items: 1 });
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const response = await h.request('GET', `/v1/jobs/${job.id}/events`, { key: tenant.key });
    const sse = sseReader(response.body!);
    expect((await sse.next())!.event).toBe('job');
    vi.advanceTimersByTime(15_000);
    expect(await sse.next()).toEqual({ comment: 'heartbeat' });
    expect(sse.raw.at(-1)).toBe(': heartbeat');
    await sse.cancel();
  });
});

// Across processes the bus is PostgreSQL's NOTIFY, and on SQLite a look at the jobs changed lately:
// the API process streams what a worker process did.
describe.each(DIALECTS)('job events across processes (%s)', (dialect) => {
  let h: Harness;
  const children: ChildServer[] = [];
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => c.stop('SIGKILL')));
    await h.close();
  });

  it('streams from an API-only server the progress a separate worker process makes', async () => {
    h = await createHarness(dialect, { clock: systemClock });
    const tenant = await h.tenant({ limits: { credits: 100 } });
    const server = await spawnTollgate('serve', { ...databaseEnv(h), WORKERS: '0', KEY_CACHE_MS: '0' });
    children.push(server);
    // Long enough (about a second) that the SQLite bus's 200 ms poll sees it part done, however loaded the machine.
    const job = await admitEcho(h, tenant.key, { items: 20, sleep_ms: 100 });
    const response = await fetch(`${server.url}/v1/jobs/${job.id}/events?access_token=${encodeURIComponent(tenant.key)}`, { signal: AbortSignal.timeout(30_000) });
    expect(response.status).toBe(200);
    const sse = sseReader(response.body!);
    expect(jobOf((await sse.next())!)).toMatchObject({ status: 'pending' });

    children.push(await spawnTollgate('worker', { ...databaseEnv(h), WORKERS: '2', WORKER_BATCH_SIZE: '1', WORKER_POLL_MS: '50' }));
    const jobs = [];
    for (let m = await sse.next(); m; m = await sse.next()) jobs.push(jobOf(m));
    expect(jobs.at(-1)).toMatchObject({ status: 'completed', progress: { percent: 100 } });
    expect(jobs.some((j) => j.progress.percent > 0 && j.progress.percent < 100)).toBe(true);
    expect(await h.verify()).toMatchObject({ ok: true });
  });
});
