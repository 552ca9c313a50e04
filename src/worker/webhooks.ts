import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Clock } from '../core/clock.js';
import { signedHeaders } from '../core/signing.js';
import type { Store } from '../store/db.js';
import { claimDeliveries, fanOut, recordAttempt, type ClaimedDelivery } from '../store/webhooks/dispatch.js';
import { postWebhook } from './webhook-send.js';

export interface DispatcherDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, 'webhooks'>;
  /**
   * An event's `data`. The composition root renders a job event from the job row, as GET /v1/jobs/{id}
   * does (the row is final once the job has ended); other events carry their data in the payload.
   */
  render(event: ClaimedDelivery['event'], tenantId: string): Promise<unknown>;
}

export interface Dispatcher {
  /** Runs one round now (tests, and the wake-up after a stop of the timer). */
  tick(): Promise<void>;
  stop(graceMs?: number): Promise<void>;
}

/** How many deliveries one dispatcher has in flight at most, over every endpoint. */
const MAX_IN_FLIGHT = 64;

/** The delay before attempt `n + 1` after `n` attempts, with ±10 % jitter; null after the last. */
export function nextDelay(schedule: number[], attempts: number, retryAfterMs: number | null, random = Math.random): number | null {
  if (attempts >= schedule.length) return null;
  const base = schedule[attempts]!;
  const jittered = base === 0 ? 0 : Math.round(base * (0.9 + 0.2 * random()));
  // Retry-After is honoured, up to a day: a receiver asks for time, never for forever.
  return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, 86_400_000));
}

/**
 * Delivers the outbox: fans new events out into deliveries, claims due ones under a lease, POSTs them
 * signed (Standard Webhooks), and records each attempt. Every serve and worker process runs one; on
 * PostgreSQL they share the work (SKIP LOCKED). A slow endpoint holds at most `endpointConcurrency`
 * of this dispatcher's slots, so the others keep being served.
 */
export function startDispatcher(deps: DispatcherDeps): Dispatcher {
  const id = `whd_${randomUUID()}`;
  const cfg = deps.config.webhooks;
  // Longer than an attempt can take (its timeout) with its recording: a live dispatcher never loses a lease.
  const leaseMs = 2 * cfg.timeoutMs + 1_000;
  const inFlight = new Map<string, number>();
  const running = new Set<Promise<void>>();
  let total = 0;
  let stopped = false;
  let ticking: Promise<void> | undefined;

  const attempt = async (d: ClaimedDelivery) => {
    const now = deps.clock.now();
    const data = await deps.render(d.event, d.endpoint.tenant_id);
    const body = JSON.stringify({ id: d.event.id, type: d.event.type, timestamp: new Date(d.event.created_at).toISOString(), data });
    const secrets = [d.endpoint.secret];
    if (d.endpoint.previous_secret && (d.endpoint.previous_secret_expires_at ?? 0) > now) secrets.push(d.endpoint.previous_secret);
    const result = await postWebhook(d.endpoint.url, signedHeaders(secrets, d.event.id, now, body), body, { timeoutMs: cfg.timeoutMs, allowPrivate: cfg.allowPrivate });
    const delivered = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const after = deps.clock.now();
    const delay = delivered ? null : nextDelay(cfg.retryScheduleMs, d.attempts + 1, result.retryAfterMs);
    await recordAttempt(
      deps.store,
      id,
      d,
      { delivered, statusCode: result.statusCode, durationMs: result.durationMs, error: result.error, gone: result.statusCode === 410, nextAttemptAt: delay === null ? null : after + delay },
      after,
      cfg.disableAfterMs,
    );
  };

  const launch = (d: ClaimedDelivery) => {
    inFlight.set(d.endpoint.id, (inFlight.get(d.endpoint.id) ?? 0) + 1);
    total++;
    const p = attempt(d)
      .catch((error) => deps.logger.warn({ err: error, delivery: d.id }, 'webhook delivery failed to record'))
      .finally(() => {
        total--;
        const n = (inFlight.get(d.endpoint.id) ?? 1) - 1;
        if (n <= 0) inFlight.delete(d.endpoint.id);
        else inFlight.set(d.endpoint.id, n);
        running.delete(p);
        // A slot came free: look for more work now rather than at the next poll.
        if (!stopped) void tick();
      });
    running.add(p);
  };

  const round = async () => {
    const now = deps.clock.now();
    await fanOut(deps.store, now);
    const claimed = await claimDeliveries(deps.store, id, now, leaseMs, MAX_IN_FLIGHT - total, (endpoint) => cfg.endpointConcurrency - (inFlight.get(endpoint) ?? 0));
    for (const d of claimed) launch(d);
  };

  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    ticking ??= round()
      .catch((error) => deps.logger.warn({ err: error }, 'webhook dispatch failed'))
      .finally(() => (ticking = undefined));
    return ticking;
  };

  const timer = setInterval(() => void tick(), cfg.pollMs);
  timer.unref();
  void tick();
  return {
    tick,
    async stop(graceMs = 5000) {
      stopped = true;
      clearInterval(timer);
      await ticking;
      // Deliveries in flight finish or are left to their lease: at least once, never lost.
      await Promise.race([Promise.all(running), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    },
  };
}
