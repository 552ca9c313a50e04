// The runner's side of the peers: each measurement gets a place of its own (a schema in the peers'
// database, a key prefix in Redis), a fresh child process (bench/peers/child.ts), and the place is
// removed afterwards, also when the run is interrupted. The peers' database is `bench_peers`
// beside the admin database, never the test database itself.
import { join } from 'node:path';

import { Redis } from 'ioredis';

import { trackDroppable, withPgClient } from '../database.js';
import type { BenchContext } from '../figure.js';
import type { LoadResult } from '../load.js';
import { spawnNode, type NodeChild } from '../server.js';
import { sleep } from '../stats.js';
import { Unavailable } from '../unavailable.js';
import type { DrainOutcome, PeerId, PeerPlace, Tuning } from './peer.js';

export const PEERS_DATABASE = 'bench_peers';
const REDIS_HOST = '127.0.0.1';
const REDIS_PORT = 6379;

let sequence = 0;

export function peersPgUrl(context: BenchContext): string {
  if (process.env.BENCH_PEERS_PG_URL) return process.env.BENCH_PEERS_PG_URL;
  const url = new URL(context.databases.pgAdminUrl);
  url.pathname = `/${PEERS_DATABASE}`;
  return url.toString();
}

/** Creates `bench_peers` once; it stays, empty between runs (every schema in it is dropped after use). */
export async function ensurePeersDatabase(context: BenchContext): Promise<void> {
  const name = new URL(peersPgUrl(context)).pathname.slice(1);
  await withPgClient(context.databases.pgAdminUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  });
}

/** Throws Unavailable when a store a peer needs cannot be reached. */
export async function assertPeersReachable(context: BenchContext, peers: readonly PeerId[]): Promise<void> {
  if (peers.some((peer) => peer !== 'bullmq') && context.unavailable.has('postgres')) {
    throw new Unavailable(context.unavailable.get('postgres') ?? 'PostgreSQL is unreachable');
  }
  if (peers.includes('bullmq')) {
    const redis = new Redis({ host: REDIS_HOST, port: REDIS_PORT, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      throw new Unavailable(`Redis is unreachable at ${REDIS_HOST}:${REDIS_PORT} (${(error as Error).message})`);
    } finally {
      redis.disconnect();
    }
  }
}

export async function redisVersion(): Promise<string> {
  const redis = new Redis({ host: REDIS_HOST, port: REDIS_PORT, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
  } catch (error) {
    return `unreachable (${(error as Error).message})`;
  } finally {
    redis.disconnect();
  }
}

/** A place of its own for one measurement, removed after `use`. */
export async function withPeerPlace<T>(context: BenchContext, label: string, use: (place: PeerPlace) => Promise<T>): Promise<T> {
  sequence += 1;
  const slug = `${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}_${sequence}`;
  const place: PeerPlace = {
    pgUrl: peersPgUrl(context),
    schema: `peer_${context.runId}_${slug}`.slice(0, 63),
    redisHost: REDIS_HOST,
    redisPort: REDIS_PORT,
    prefix: `tollgate-bench:${context.runId}:${slug}`,
  };
  const drop = trackDroppable(async () => {
    if (!context.unavailable.has('postgres')) {
      await withPgClient(place.pgUrl, (client) => client.query(`DROP SCHEMA IF EXISTS "${place.schema}" CASCADE`));
    }
    await deleteRedisKeys(place.prefix);
  });
  try {
    return await use(place);
  } finally {
    await drop();
  }
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis({ host: REDIS_HOST, port: REDIS_PORT, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
  } catch {
    return; // nothing can have been written where nothing answers
  }
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function child(context: BenchContext, args: string[]): NodeChild {
  return spawnNode(context.repoRoot, ['--import', 'tsx', join(context.repoRoot, 'bench/peers/child.ts'), ...args], {}, `bench peer ${args.slice(0, 2).join(' ')}`);
}

export interface PeerServer {
  url: string;
  stop(): Promise<void>;
}

/** A Hono POST /jobs server in a process of its own: bare (the ceiling) or admitting to a peer. */
export async function startJobsServer(context: BenchContext, target: PeerId | 'bare', place?: PeerPlace): Promise<PeerServer> {
  const running = child(context, ['serve', target, JSON.stringify(place ?? {})]);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const port = /^listening (\d+)$/m.exec(running.stdout())?.[1];
    if (port) return { url: `http://127.0.0.1:${port}`, stop: () => running.stop() };
    if (running.hasExited()) throw new Error(`the ${target} server exited before listening:\n${running.output()}`);
    await sleep(25);
  }
  await running.stop();
  throw new Error(`the ${target} server did not listen within 60 s:\n${running.output()}`);
}

/** The peer's admission call, in-process, driven by the same loop as the HTTP load. */
export function admitInProcess(context: BenchContext, peer: PeerId, place: PeerPlace, drive: object): Promise<LoadResult> {
  return report<LoadResult>(child(context, ['admit', peer, JSON.stringify(place), JSON.stringify(drive)]), `${peer} admit`);
}

export function drainPeer(context: BenchContext, peer: PeerId, place: PeerPlace, count: number, tuning: Tuning): Promise<DrainOutcome> {
  return report<DrainOutcome>(child(context, ['drain', peer, JSON.stringify(place), String(count), JSON.stringify(tuning)]), `${peer} drain`);
}

async function report<T>(running: NodeChild, what: string): Promise<T> {
  const timer = setTimeout(() => void running.stop(), 10 * 60_000);
  const code = await running.exited;
  clearTimeout(timer);
  const line = /^result (.+)$/m.exec(running.stdout())?.[1];
  if (code !== 0 || line === undefined) throw new Error(`${what} exited with ${code}:\n${running.output()}`);
  return JSON.parse(line) as T;
}
