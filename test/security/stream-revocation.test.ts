import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { revokeKey } from '../../src/store/tenants.store.js';
import { ADMIN_KEY, createHarness, DIALECTS, type Harness } from '../support/harness.js';

/** Reads an SSE response as text until it ends or `ms` pass; resolves with what arrived and whether it ended. */
function readStream(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let ended = false;
  const done = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    ended = true;
  })().catch(() => (ended = true));
  return {
    text: () => text,
    ended: () => ended,
    /** Waits for the stream to end, at most `ms`. */
    async end(ms: number) {
      await Promise.race([done, new Promise((r) => setTimeout(r, ms))]);
      if (!ended) await reader.cancel();
      return ended;
    },
  };
}

const waitFor = async (ok: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return ok();
};

/** An event stream is authorised when it opens and every key-cache window after: a revoked key ends it. */
describe.each(DIALECTS)('an open event stream after its key is revoked (%s)', (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  const newKey = async (tenantId: string) => {
    const response = await h.request('POST', `/v1/tenants/${tenantId}/keys`, { key: ADMIN_KEY, body: { role: 'tenant' } });
    return (await response.json()) as { id: string; key: string };
  };

  for (const how of ['by another process (straight in the database)', 'over the API']) {
    it(`ends within the key-cache window when the key is revoked ${how}`, async () => {
      h = await createHarness(dialect, { clock: systemClock, env: { KEY_CACHE_MS: '500' } });
      const t = await h.tenant({ limits: { credits: 100 } });
      const watched = await newKey(t.id);
      const url = await h.listen();
      const admit = () => fetch(`${url}/v1/jobs`, { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' }, body: '{"type":"echo"}' }).then((r) => r.json());

      const stream = readStream(await fetch(`${url}/v1/events?access_token=${watched.key}`));
      const first = await admit();
      expect(await waitFor(() => stream.text().includes(first.job.id), 5000)).toBe(true);

      if (how.startsWith('by another')) await revokeKey(h.tollgate.deps.store.db, watched.id, Date.now());
      else expect((await h.request('DELETE', `/v1/keys/${watched.id}`, { key: ADMIN_KEY })).status).toBe(204);
      const revokedAt = Date.now();
      expect(await stream.end(3000)).toBe(true);
      expect(Date.now() - revokedAt).toBeLessThan(2500);

      const after = await admit();
      await new Promise((r) => setTimeout(r, 300));
      expect(stream.text()).not.toContain(after.job.id);
      const reopened = await fetch(`${url}/v1/events?access_token=${watched.key}`);
      expect(reopened.status).toBe(401);
    });
  }
});
