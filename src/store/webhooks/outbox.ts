/**
 * The outbox's inserts, written into the transactions of the changes they report (settle, cancel,
 * admission). An event is inserted only for a tenant with an enabled endpoint subscribed to its type:
 * a tenant without webhooks pays one index probe on `webhook_endpoints` and writes nothing, which keeps
 * the settle and admission statements as lean as they were. Which endpoints receive it is decided at
 * dispatch (fan-out), so an endpoint created or changed meanwhile is honoured then.
 *
 * Every insert is ON CONFLICT (dedup_key) DO NOTHING: a job's end is reported once (`job:<job>`), a
 * threshold once per tenant, meter, period and threshold (`usage.threshold:<tenant>:<meter>:<period>:<pct>`),
 * however many transactions race to write it. Each is written over the few words the dialects spell
 * differently, like sql/fragments.ts.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Dialect } from '../db.js';
import type { Database } from '../schema.js';

export const JOB_EVENT_TYPES = ['job.completed', 'job.partially_completed', 'job.failed', 'job.cancelled'] as const;
export const EVENT_TYPES = [...JOB_EVENT_TYPES, 'usage.threshold'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

interface Words {
  /** A new event id, `evt_` and 32 hex digits. */
  eventId: string;
  jsonObject(pairs: string): string;
  /** The thresholds (percentages) of `tier`: a join yielding one row per threshold, `t.th`, lateral to the source. */
  thresholdsOf(thresholds: string, tier: string): { join: string; th: string };
}

const words: Record<Dialect, Words> = {
  sqlite: {
    eventId: `'evt_' || lower(hex(randomblob(16)))`,
    jsonObject: (pairs) => `json_object(${pairs})`,
    thresholdsOf: (thresholds, tier) => ({
      join: `, json_each(COALESCE(json_extract(${thresholds}, '$."' || ${tier} || '"'), json_extract(${thresholds}, '$."*"'))) t`,
      th: 'CAST(t.value AS INTEGER)',
    }),
  },
  postgres: {
    eventId: `'evt_' || replace(gen_random_uuid()::text, '-', '')`,
    jsonObject: (pairs) => `json_build_object(${pairs})::text`,
    thresholdsOf: (thresholds, tier) => ({
      join: `CROSS JOIN LATERAL jsonb_array_elements_text(COALESCE(${thresholds} -> ${tier}, ${thresholds} -> '*')) AS t(v)`,
      th: 't.v::bigint',
    }),
  },
};

/** An enabled endpoint of `tenant` subscribed to event type `type` (SQL expressions). */
export const subscribedSql = (tenant: string, type: string) =>
  `EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.tenant_id = ${tenant} AND e.enabled = 1 AND e.events LIKE '%"' || ${type} || '"%')`;

/**
 * The end of the jobs in `source` (rows `id`, `tenant_id`, `status`, aliased `m`), for those that
 * ended. The payload is the job's id: the job row is final once it has ended, so the dispatcher
 * renders it at delivery exactly as GET /v1/jobs/{id} would, and this transaction stays small.
 */
export function jobEventsSql(dialect: Dialect, source: string, now: string): string {
  const w = words[dialect];
  const type = `'job.' || m.status`;
  return `INSERT INTO webhook_events (id, tenant_id, type, payload, dedup_key, created_at)
  SELECT ${w.eventId}, m.tenant_id, ${type}, ${w.jsonObject(`'job_id', m.id`)}, 'job:' || m.id, ${now}
  FROM ${source} m
  WHERE m.status IN ('completed', 'partially_completed', 'failed', 'cancelled') AND ${subscribedSql('m.tenant_id', type)}
  ON CONFLICT (dedup_key) DO NOTHING`;
}

/**
 * `usage.threshold` for each threshold the meters in `source` (rows `tenant_id`, `meter`, `period`,
 * `used`, `lim`, `tier`, aliased `q`) have reached. Run by the admission's transaction after its
 * charge: the first transaction to see a threshold reached writes it, every later one conflicts.
 * `thresholds` is JSON `{tier: [percent, …], "*": [percent, …]}`.
 */
export function thresholdEventsSql(dialect: Dialect, source: string, thresholds: string, now: string): string {
  const w = words[dialect];
  const { join, th } = w.thresholdsOf(thresholds, 'q.tier');
  return `INSERT INTO webhook_events (id, tenant_id, type, payload, dedup_key, created_at)
  SELECT ${w.eventId}, q.tenant_id, 'usage.threshold',
    ${w.jsonObject(`'tenant_id', q.tenant_id, 'meter', q.meter, 'period', q.period, 'threshold', ${th}, 'used', q.used, 'limit', q.lim`)},
    'usage.threshold:' || q.tenant_id || ':' || q.meter || ':' || q.period || ':' || ${th}, ${now}
  FROM ${source} q ${join}
  WHERE ${subscribedSql('q.tenant_id', `'usage.threshold'`)} AND q.lim > 0 AND q.used * 100 >= ${th} * q.lim
  ON CONFLICT (dedup_key) DO NOTHING`;
}

/** An event id made in TypeScript, in the form the SQL makes them. */
export const newEventId = () => `evt_${randomBytes(16).toString('hex')}`;

/** A cancelled job's event, in the cancel's transaction (Kysely: cancel is dialect-free). */
export async function insertCancelEvent(trx: Transaction<Database>, tenantId: string, jobId: string, now: number): Promise<void> {
  const type = 'job.cancelled';
  await trx
    .insertInto('webhook_events')
    .columns(['id', 'tenant_id', 'type', 'payload', 'dedup_key', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('webhook_endpoints')
        .select([
          sql.val(newEventId()).as('id'),
          sql.val(tenantId).as('tenant_id'),
          sql.val(type).as('type'),
          sql.val(JSON.stringify({ job_id: jobId })).as('payload'),
          sql.val(`job:${jobId}`).as('dedup_key'),
          sql.val(now).as('created_at'),
        ])
        .where('tenant_id', '=', tenantId)
        .where('enabled', '=', 1)
        .where('events', 'like', `%"${type}"%`)
        .limit(1),
    )
    .onConflict((oc) => oc.column('dedup_key').doNothing())
    .execute();
}
