// The process a peer is measured in, started by bench/peers/process.ts, one per measurement:
//
//   serve bare|<peer> <place>            a Hono POST /jobs route on @hono/node-server, the same kind of
//                                        server as Tollgate's; prints `listening <port>`, runs until SIGTERM
//   admit <peer> <place> <drive>         the peer's admission call driven in-process by bench/load.ts's
//                                        loop; prints `result <LoadResult>`
//   drain <peer> <place> <count> <tuning> fills the queue, drains it; prints `result <DrainOutcome>`
//
// <place>, <drive> and <tuning> are JSON. Nothing else is printed to stdout.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

import { runCalls, type DriveOptions } from '../load.js';
import { loadPeer } from './index.js';
import { PEER_IDS, type PeerId, type PeerPlace, type PeerQueue, type Tuning } from './peer.js';

async function main(): Promise<void> {
  const [mode, target, placeJson, ...rest] = process.argv.slice(2);
  const place = JSON.parse(placeJson ?? '{}') as PeerPlace;
  if (mode === 'serve') return serveJobs(target === 'bare' ? undefined : await open(target, place));
  const queue = await open(target, place);
  try {
    if (mode === 'admit') {
      const drive = JSON.parse(rest[0] ?? '{}') as DriveOptions;
      const result = await runCalls(drive, () => queue.add(ECHO_ONE_ITEM));
      print(result);
    } else if (mode === 'drain') {
      const count = Number(rest[0]);
      const tuning = JSON.parse(rest[1] ?? '{}') as Tuning;
      await queue.fill(count);
      print(await queue.drain(count, tuning));
    } else {
      throw new Error(`unknown mode ${mode}`);
    }
  } finally {
    await queue.close();
  }
}

/** The body Tollgate's admission figure sends, so every server parses the same JSON. */
const ECHO_ONE_ITEM = { type: 'echo', input: { items: 1 } };

async function open(target: string | undefined, place: PeerPlace): Promise<PeerQueue> {
  if (!PEER_IDS.includes(target as PeerId)) throw new Error(`unknown peer ${target}`);
  return (await loadPeer(target as PeerId)).open(place);
}

/**
 * `POST /jobs`: parse the JSON body, admit it (with a peer) or not (bare: the HTTP ceiling), answer
 * 201 with a small JSON body. No validation, no auth: what any server must do at the least.
 */
function serveJobs(queue: PeerQueue | undefined): void {
  const app = new Hono();
  let sequence = 0;
  app.post('/jobs', async (c) => {
    const body = await c.req.json<Record<string, unknown>>();
    const id = queue ? await queue.add(body) : String(++sequence);
    return c.json({ id, type: body.type ?? null }, 201);
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`listening ${info.port}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    void (queue?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  });
}

function print(result: unknown): void {
  process.stdout.write(`result ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? error);
  process.exit(1);
});
