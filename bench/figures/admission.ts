// Admissions per second against the HTTP ceiling and the peers, all in one figure so every ratio
// is taken minutes apart at most: a bare Hono POST route (before and after, baseline = mean); each
// peer's admission call in-process and behind the same kind of Hono route; then Tollgate's
// `POST /v1/jobs` on SQLite and PostgreSQL, with and without an Idempotency-Key, and its p99 when
// offered 0.8 of the peak it just reached (an open-loop rate, latency counted from each request's slot).
import { authHeaders, createTenant, createTenants, ECHO_ONE_ITEM, expect, type BenchTenant } from '../api.js';
import type { Dialect } from '../database.js';
import {
  assertMostly,
  atLeast,
  atMost,
  DIALECT_NAMES,
  formatNumber,
  perDialect,
  withServer,
  type BenchContext,
  type Comparison,
  type Figure,
  type Row,
} from '../figure.js';
import { describeStatuses, rateOf, runLoad, type LoadResult } from '../load.js';
import { loadJobsRoute, measureBareHono } from '../peers/bare.js';
import { loadPeer } from '../peers/index.js';
import { PEER_IDS, type PeerId } from '../peers/peer.js';
import { admitInProcess, assertPeersReachable, ensurePeersDatabase, startJobsServer, withPeerPlace } from '../peers/process.js';
import type { RunningServer } from '../server.js';
import { Unavailable } from '../unavailable.js';

const CONNECTIONS = 50;
const P99_TARGET_MS = 25;
const PEAK_SHARE = 0.8;
const KEYED_TARGET = 0.8;
const PG_BOSS_TARGET = 2;
const TARGET_SHARE = { sqlite: 0.5, spread: 0.3, hot: 0.25 };
const JOB_BODY = JSON.stringify(ECHO_ONE_ITEM);

interface PeerResult {
  id: PeerId;
  call: string;
  inProcess: LoadResult;
  http: LoadResult;
}

/** A Tollgate measurement waiting for the ceiling measured after it. */
interface Pending {
  dialect: Dialect;
  label: string;
  load: LoadResult;
  kind: 'plain' | 'keyed' | 'p99';
  share?: number;
  /** For keyed: the same admission without the key; for p99: the rate offered. */
  reference?: number;
  /** PostgreSQL over many tenants also answers to pg-boss. */
  againstPgBoss?: boolean;
}

export const admission: Figure = {
  id: 'admission',
  title: 'Admission throughput against the ceiling and the peers',
  description:
    `Admissions/s at ${CONNECTIONS} connections, all measured by bench/load.ts in this figure. Baseline: a bare Hono POST route ` +
    'that parses JSON and answers 201 (the HTTP ceiling), measured before and after (mean). Peers: pg-boss `send`, graphile-worker ' +
    '`addJob` (WorkerUtils) and BullMQ `Queue.add`, each called in-process by the same loop (no HTTP) and behind the same kind of ' +
    'bare Hono route (HTTP, comparable with Tollgate), each in a fresh process and schema or Redis prefix. Tollgate: `POST /v1/jobs` ' +
    '(echo, one item, WORKERS=0 so nothing drains while admitting) on SQLite for one tenant and on PostgreSQL over 1,000 tenants and ' +
    'for one hot tenant; then with a unique Idempotency-Key per request on the same tenants; then an open-loop rate of ' +
    `${PEAK_SHARE} × the peak just measured, whose p99 counts from each request's scheduled slot. ` +
    '"Best peer" is the fastest peer behind HTTP.',
  async run(context) {
    const notes: string[] = [];
    const before = await measureBareHono(context, CONNECTIONS, 'before');
    const peers = await measurePeers(context, notes);
    const pending: Pending[] = [];
    await perDialect(context, notes, async (dialect) => {
      pending.push(...(await measureTollgate(context, dialect, notes)));
      return [];
    });
    const after = await measureBareHono(context, CONNECTIONS, 'after');
    const bare = (before.rps + after.rps) / 2;
    notes.unshift(
      `${before.note}; ${after.note}; spread ${formatNumber((Math.abs(before.rps - after.rps) / bare) * 100)} % of the mean.`,
    );

    const versus = (value: number) => ({ baseline: bare, baselineLabel: 'bare Hono', baselineUnit: 'req/s', ratio: value / bare });
    const rows: Row[] = [{ label: 'bare Hono POST (the HTTP ceiling)', value: bare, unit: 'req/s', p99: (before.result.p99 + after.result.p99) / 2, isBaseline: true }];
    for (const peer of peers) {
      const inProcess = rateOf(peer.inProcess, 'ok');
      const http = rateOf(peer.http, 201);
      rows.push(
        { label: `${peer.call}, in-process (no HTTP)`, value: inProcess, unit: 'jobs/s', p99: peer.inProcess.p99, ...versus(inProcess) },
        { label: `${peer.call} behind a Hono POST`, value: http, unit: 'jobs/s', p99: peer.http.p99, ...versus(http) },
      );
    }
    const best = bestPeer(peers);
    const pgBoss = peers.find((peer) => peer.id === 'pg-boss');
    for (const measured of pending) rows.push(tollgateRow(measured, versus, best, pgBoss));
    return { rows, notes };
  },
};

async function measurePeers(context: BenchContext, notes: string[]): Promise<PeerResult[]> {
  const results: PeerResult[] = [];
  if (!context.unavailable.has('postgres')) await ensurePeersDatabase(context);
  for (const id of PEER_IDS) {
    try {
      await assertPeersReachable(context, [id]);
      const peer = await loadPeer(id);
      context.log(`admission: ${id} in-process`);
      const inProcess = await withPeerPlace(context, `${id}_admit`, (place) =>
        admitInProcess(context, id, place, { connections: CONNECTIONS, ...context.load }),
      );
      context.log(`admission: ${id} behind Hono`);
      const http = await withPeerPlace(context, `${id}_http`, async (place) => {
        const server = await startJobsServer(context, id, place);
        try {
          return await loadJobsRoute(context, server.url, CONNECTIONS);
        } finally {
          await server.stop();
        }
      });
      assertMostly(http, 201, `${id} behind Hono`);
      notes.push(`${peer.call}: in-process ${describeStatuses(inProcess)}; behind Hono ${describeStatuses(http)}.`);
      results.push({ id, call: peer.call, inProcess, http });
    } catch (error) {
      if (!(error instanceof Unavailable)) context.log(`${id} failed: ${(error as Error).stack ?? error}`);
      notes.push(`${id}: ${error instanceof Unavailable ? 'skipped' : 'failed'}, ${(error as Error).message.split('\n')[0]}.`);
    }
  }
  return results;
}

async function measureTollgate(context: BenchContext, dialect: Dialect, notes: string[]): Promise<Pending[]> {
  const name = DIALECT_NAMES[dialect];
  return withServer(context, dialect, 'admission', { workers: 0 }, async (server) => {
    const hot = await createTenant(server.url, 'bench hot tenant');
    await expect(server.url, 'POST', '/v1/jobs', 201, { token: hot.key, body: ECHO_ONE_ITEM });
    const measured: Pending[] = [];
    const phase = async (label: string, tenants: BenchTenant[], tag: string, withKeys: boolean, rate?: number): Promise<LoadResult> => {
      context.log(`admission ${dialect}: ${label}`);
      const load = await admit(context, server, tenants, `${dialect}-${tag}`, withKeys, rate);
      assertMostly(load, 201, `${name} POST /v1/jobs (${label})`);
      notes.push(`${name}, ${label}: statuses ${describeStatuses(load)}.`);
      return load;
    };

    if (dialect === 'sqlite') {
      const plain = await phase('one tenant', [hot], 'plain', false);
      measured.push({ dialect, label: 'one tenant', load: plain, kind: 'plain', share: TARGET_SHARE.sqlite });
      const keyed = await phase('one tenant, Idempotency-Key', [hot], 'keyed', true);
      measured.push({ dialect, label: 'one tenant, with Idempotency-Key', load: keyed, kind: 'keyed', reference: rateOf(plain, 201) });
      const rate = PEAK_SHARE * rateOf(plain, 201);
      const paced = await phase(`one tenant at ${formatNumber(rate)} jobs/s`, [hot], 'paced', false, rate);
      measured.push({ dialect, label: 'one tenant', load: paced, kind: 'p99', reference: rate });
      return measured;
    }

    const spreadCount = context.quick ? 100 : 1000;
    const spreadLabel = `${formatNumber(spreadCount)} tenants`;
    const tenants = await createTenants(server.url, spreadCount);
    const spread = await phase(spreadLabel, tenants, 'spread', false);
    measured.push({ dialect, label: spreadLabel, load: spread, kind: 'plain', share: TARGET_SHARE.spread, againstPgBoss: true });
    const hotLoad = await phase('one hot tenant', [hot], 'hot', false);
    measured.push({ dialect, label: 'one hot tenant', load: hotLoad, kind: 'plain', share: TARGET_SHARE.hot });
    const keyed = await phase(`${spreadLabel}, Idempotency-Key`, tenants, 'keyed', true);
    measured.push({ dialect, label: `${spreadLabel}, with Idempotency-Key`, load: keyed, kind: 'keyed', reference: rateOf(spread, 201) });
    const rate = PEAK_SHARE * rateOf(spread, 201);
    const paced = await phase(`${spreadLabel} at ${formatNumber(rate)} jobs/s`, tenants, 'paced', false, rate);
    measured.push({ dialect, label: spreadLabel, load: paced, kind: 'p99', reference: rate });
    return measured;
  });
}

function tollgateRow(
  measured: Pending,
  versus: (value: number) => Pick<Row, 'baseline' | 'baselineLabel' | 'baselineUnit' | 'ratio'>,
  best: PeerResult | undefined,
  pgBoss: PeerResult | undefined,
): Row {
  const name = DIALECT_NAMES[measured.dialect];
  const rps = rateOf(measured.load, 201);
  if (measured.kind === 'p99') {
    const offered = measured.reference ?? 0;
    const p99 = measured.load.p99;
    return {
      label: `${name}: p99 of admission at ${PEAK_SHARE} of peak, ${measured.label} (${formatNumber(offered)} jobs/s offered, ${formatNumber(rps)} answered)`,
      value: p99,
      unit: 'ms',
      summary: true,
      target: { text: `p99 ≤ ${P99_TARGET_MS} ms at ${PEAK_SHARE} of peak`, met: p99 <= P99_TARGET_MS, by: atMost(p99, P99_TARGET_MS) },
    };
  }
  const row: Row = {
    label: `${name}: admissions, ${measured.label}`,
    value: rps,
    unit: 'jobs/s',
    p99: measured.load.p99,
    ...versus(rps),
    summary: true,
    ...(best ? { peer: comparison(rps, best) } : {}),
  };
  const ratio = row.ratio ?? 0;
  if (measured.kind === 'keyed') {
    const without = measured.reference ?? Number.NaN;
    row.target = {
      text: `≥ ${KEYED_TARGET}× the same admission without a key`,
      met: rps / without >= KEYED_TARGET,
      by: atLeast(rps / without, KEYED_TARGET),
    };
    return row;
  }
  const share = measured.share ?? 0;
  if (measured.againstPgBoss && pgBoss) {
    const overHttp = rps / rateOf(pgBoss.http, 201);
    const inProcess = rps / rateOf(pgBoss.inProcess, 'ok');
    row.target = {
      text: `≥ ${share}× bare Hono and ≥ ${PG_BOSS_TARGET}× pg-boss send (behind Hono)`,
      met: ratio >= share && overHttp >= PG_BOSS_TARGET,
      ratio: share,
      by: `${atLeast(ratio, share)}; pg-boss behind Hono ${atLeast(overHttp, PG_BOSS_TARGET)} (in-process pg-boss: ${formatNumber(inProcess, 2)}×)`,
    };
    return row;
  }
  row.target = { text: `≥ ${share}× bare Hono`, met: ratio >= share, ratio: share, by: atLeast(ratio, share) };
  return row;
}

function bestPeer(peers: readonly PeerResult[]): PeerResult | undefined {
  return [...peers].sort((a, b) => rateOf(b.http, 201) - rateOf(a.http, 201))[0];
}

function comparison(value: number, peer: PeerResult): Comparison {
  const peerRps = rateOf(peer.http, 201);
  return { label: `${peer.call} behind Hono`, value: peerRps, unit: 'jobs/s', ratio: value / peerRps };
}

function admit(context: BenchContext, server: RunningServer, tenants: BenchTenant[], tag: string, withKeys: boolean, rate?: number): Promise<LoadResult> {
  const headers = tenants.map((tenant) => authHeaders(tenant.key));
  return runLoad({
    url: `${server.url}/v1/jobs`,
    method: 'POST',
    headers: (sequence) => ({
      ...(headers[sequence % headers.length] as Record<string, string>),
      ...(withKeys ? { 'idempotency-key': `bench-${context.runId}-${tag}-${sequence}` } : {}),
    }),
    body: JOB_BODY,
    connections: CONNECTIONS,
    ...context.load,
    ...(rate === undefined ? {} : { rate }),
  });
}
