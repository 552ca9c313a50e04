import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../events.js';
import { PermanentError, readActualOutcome, type JobTypeRegistry } from '../core/job-types.js';
import { PRESENCE_INTERVAL_MS } from '../core/eta.js';
import { recordPresence } from '../store/presence.store.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/db.js';
import { claimItems, type ClaimedItem } from '../store/claim/index.js';
import { extendLeases, releaseItems } from '../store/leases/index.js';
import { settleItems, type Outcome, type SettledJob } from '../store/settle/index.js';
import { reapExpiredLeases } from './reaper.js';
import { backoffMs, classify } from './retry.js';

export interface RunnerOptions {
  store: Store;
  registry: JobTypeRegistry;
  clock: Clock;
  events: EventBus;
  logger: Logger;
  metrics: Metrics;
  /** Items run at once by this process. */
  concurrency: number;
  /** Items per claim and per settle statement. */
  batchSize: number;
  leaseMs: number;
  /** Backstop poll when no wake-up arrives. */
  pollMs: number;
  /** Items one tenant may run at once across all workers, unless the tenant sets its own. */
  tenantMaxConcurrency?: number | undefined;
  workerId?: string;
  retry?: { baseMs?: number; capMs?: number; random?: () => number };
  /** Delay before a partial settle batch is written: throughput over latency, a few ms. */
  settleDelayMs?: number;
  /** The tiers' limits as JSON `{tier: {meter: limit}}`: how far an overage may be charged. */
  tierLimits?: string;
}

interface Held {
  item: ClaimedItem;
  controller: AbortController;
  progress: number;
}

/**
 * The worker loop. Claims are prefetched in batches up to `concurrency`; outcomes are buffered and
 * settled in batches. A lease is extended while its item runs; a lost lease aborts the handler and
 * its late result is refused by the settle statement. Handler errors are values: the loop never
 * dies of one.
 */
export class Runner {
  readonly workerId: string;
  readonly #o: RunnerOptions;
  readonly #held = new Map<number, Held>();
  /** Held items per job, to tell at once whether an event concerns us. */
  readonly #heldJobs = new Map<string, number>();
  readonly #jobInputs = new Map<string, unknown>();
  /** Held items per type, for the types that cap their own concurrency. */
  readonly #heldTypes = new Map<string, number>();
  #running = 0;
  #buffer: Outcome[] = [];
  #flushTimer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #stopping = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #timers: NodeJS.Timeout[] = [];
  #unsubscribe: (() => void) | undefined;

  constructor(options: RunnerOptions) {
    this.#o = options;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  }

  get inFlight() {
    return this.#running;
  }

  start(): this {
    const { leaseMs } = this.#o;
    this.#unsubscribe = this.#o.events.subscribe((event) => {
      this.wake();
      // The cancel voided these items' leases: stop their handlers now, not at the next heartbeat.
      if (event.status === 'cancelled' && this.#heldJobs.has(event.jobId)) this.#abortJob(event.jobId);
    });
    // A third of the shortest lease in use, so that a live worker never lets one lapse.
    const beat = () => {
      const shortest = Math.min(leaseMs, ...this.#o.registry.list().map((t) => t.leaseMs ?? leaseMs));
      const timer = setTimeout(() => void this.#heartbeat().finally(() => !this.#stopping && beat()), Math.max(100, Math.floor(shortest / 3)));
      timer.unref();
      this.#timers[0] = timer;
    };
    beat();
    // Presence: the types this process runs, so that their jobs get an ETA (core/eta.ts).
    const present = () => {
      void recordPresence(this.#o.store.db, this.workerId, this.servedTypes(), this.#o.clock.now()).catch((error: unknown) =>
        this.#o.logger.warn({ err: error }, 'recording worker presence failed'),
      );
      const timer = setTimeout(() => !this.#stopping && present(), PRESENCE_INTERVAL_MS);
      timer.unref();
      this.#timers[1] = timer;
    };
    present();
    this.#loop = this.#run();
    return this;
  }

  /** The job types this runner claims: those with an in-process or HTTP handler. */
  servedTypes(): string[] {
    return this.#o.registry
      .list()
      .filter((type) => type.process)
      .map((type) => type.name);
  }

  wake() {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async #sleep(ms: number) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => (clearTimeout(timer), resolve());
    });
  }

  async #run() {
    const { concurrency, batchSize, pollMs } = this.#o;
    let failures = 0;
    while (!this.#stopping) {
      // Held, not running: an outcome still waiting to be settled (the database is down, say) keeps
      // its lease, and a worker must never hold more items than its concurrency.
      const free = concurrency - this.#held.size;
      // Wait for room for a reasonable batch rather than claiming one item at a time.
      if (free < Math.min(batchSize, Math.ceil(concurrency / 2))) {
        await this.#sleep(pollMs);
        continue;
      }
      let items: ClaimedItem[] = [];
      try {
        for (const group of this.#claimGroups(free)) {
          const claimed = await claimItems(this.#o.store, {
            worker: this.workerId,
            types: group.types,
            now: this.#o.clock.now(),
            batch: Math.min(group.batch, free - items.length),
            leaseMs: group.leaseMs,
            defaultCap: this.#o.tenantMaxConcurrency ?? 2_000_000_000,
          });
          items = items.concat(claimed);
          if (items.length >= free) break;
        }
        failures = 0;
      } catch (error) {
        failures++;
        this.#o.logger.warn({ err: error, failures }, 'claim failed; retrying');
        await this.#sleep(Math.min(5000, 100 * 2 ** Math.min(failures, 6)));
        continue;
      }
      if (items.length === 0) {
        await this.#sleep(pollMs);
        continue;
      }
      const jobs = new Map<string, string>();
      for (const item of items) {
        jobs.set(item.job_id, item.tenant_id);
        void this.#execute(item);
      }
      for (const [jobId, tenantId] of jobs) this.#o.events.publish({ tenantId, jobId });
      // On SQLite every statement is synchronous: with handlers that finish at once, claim, run and
      // settle chain microtasks only, and HTTP requests and timers in this process would wait until
      // the queue is empty. One macrotask turn per batch lets them in.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * What to claim this turn: the types this process runs, grouped by lease, with a type that limits its
   * own concurrency (an HTTP handler's `concurrency`) claimed alone and only up to its free slots.
   */
  #claimGroups(free: number): { types: string[]; batch: number; leaseMs: number }[] {
    const open = new Map<number, string[]>();
    const limited: { types: string[]; batch: number; leaseMs: number }[] = [];
    for (const type of this.#o.registry.list()) {
      if (!type.process) continue;
      const leaseMs = type.leaseMs ?? this.#o.leaseMs;
      if (type.concurrency === undefined) {
        open.set(leaseMs, [...(open.get(leaseMs) ?? []), type.name]);
        continue;
      }
      const room = type.concurrency - (this.#heldTypes.get(type.name) ?? 0);
      if (room > 0) limited.push({ types: [type.name], batch: Math.min(room, this.#o.batchSize), leaseMs });
    }
    const batch = Math.min(this.#o.batchSize, free);
    return [...[...open].map(([leaseMs, types]) => ({ types, batch, leaseMs })), ...limited];
  }

  #jobInput(item: ClaimedItem): unknown {
    let input = this.#jobInputs.get(item.job_id);
    if (input === undefined) {
      if (this.#jobInputs.size > 1000) this.#jobInputs.clear();
      input = JSON.parse(item.job_input) as unknown;
      this.#jobInputs.set(item.job_id, input);
    }
    return input;
  }

  async #execute(item: ClaimedItem) {
    const controller = new AbortController();
    const held: Held = { item, controller, progress: 0 };
    this.#hold(held);
    this.#running++;
    const started = performance.now();
    let outcome: Outcome | undefined;
    try {
      const type = await this.#o.registry.resolve(item.type);
      if (!type?.process) throw new PermanentError(`No handler in this process for job type "${item.type}"`);
      const returned = await type.process(
        { id: item.id, jobId: item.job_id, tenantId: item.tenant_id, type: item.type, seq: item.seq, input: JSON.parse(item.input), attempt: item.attempts },
        {
          signal: controller.signal,
          progress: (fraction) => (held.progress = Math.min(1, Math.max(0, fraction))),
          jobInput: this.#jobInput(item),
        },
      );
      // The job's settle mode was fixed at admission; a type changed since then does not change it.
      const { result, cost } = item.settle === 'actual' ? readActualOutcome(returned) : { result: returned, cost: null };
      outcome = { id: item.id, attempt: item.attempts, status: 'succeeded', result: JSON.stringify(result ?? null), error: null, run_at: null, actual: cost };
    } catch (error) {
      // Aborted because the lease was lost, the job was cancelled or we are shutting down:
      // the item is someone else's business now (or is released), so it gets no outcome here.
      if (!controller.signal.aborted) {
        const c = classify(error);
        const last = c.permanent || item.attempts >= item.max_attempts;
        const delay = Math.max(backoffMs(item.attempts, this.#o.retry), c.retryAfterMs ?? 0);
        outcome = last
          ? { id: item.id, attempt: item.attempts, status: 'failed', result: null, error: c.message, run_at: null }
          : { id: item.id, attempt: item.attempts, status: 'pending', result: null, error: c.message, run_at: this.#o.clock.now() + delay };
      }
    } finally {
      this.#running--;
      this.#o.metrics.processingSeconds.observe({ type: item.type }, (performance.now() - started) / 1000);
      if (outcome) {
        this.#o.metrics.itemsSettled.inc({ type: item.type, outcome: outcome.status === 'pending' ? 'retry' : outcome.status });
        this.#buffer.push(outcome);
        this.#scheduleFlush();
      } else {
        this.#drop(item.id);
      }
      this.wake();
    }
  }

  #scheduleFlush() {
    if (this.#buffer.length >= this.#o.batchSize) {
      void this.flush();
    } else if (!this.#flushTimer) {
      this.#flushTimer = setTimeout(() => void this.flush(), this.#o.settleDelayMs ?? 2);
    }
  }

  /** Write buffered outcomes. Serialised; on a database error the batch is kept and retried. */
  flush(): Promise<void> {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    this.#flushing = this.#flushing.then(async () => {
      while (this.#buffer.length > 0) {
        const batch = this.#buffer.splice(0, this.#o.batchSize);
        try {
          const { settled, jobs } = await settleItems(this.#o.store, this.workerId, this.#o.clock.now(), batch, null, this.#o.tierLimits);
          for (const o of batch) this.#drop(o.id);
          if (settled.length < batch.length) {
            this.#o.logger.warn({ refused: batch.length - settled.length }, 'outcomes refused: lease lost or job cancelled');
          }
          this.#publish(jobs);
        } catch (error) {
          this.#buffer.unshift(...batch);
          this.#o.logger.warn({ err: error }, 'settle failed; retrying');
          if (this.#stopping && this.#buffer.length > 0) await new Promise((r) => setTimeout(r, 200));
          else {
            setTimeout(() => void this.flush(), 500).unref();
            return;
          }
        }
      }
    });
    return this.#flushing;
  }

  #publish(jobs: SettledJob[]) {
    for (const job of jobs) this.#o.events.publish({ tenantId: job.tenantId, jobId: job.id });
  }

  async #heartbeat() {
    const byLease = new Map<number, number[]>();
    for (const [id, held] of this.#held) {
      const leaseMs = this.#o.registry.get(held.item.type)?.leaseMs ?? this.#o.leaseMs;
      byLease.set(leaseMs, [...(byLease.get(leaseMs) ?? []), id]);
    }
    for (const [leaseMs, ids] of byLease) {
      try {
        const kept = new Set(await extendLeases(this.#o.store, this.workerId, ids, this.#o.clock.now() + leaseMs));
        for (const id of ids) {
          const held = this.#held.get(id);
          // Not kept and not waiting in the settle buffer: the lease is gone (expired and taken, or cancelled).
          if (held && !kept.has(id) && !this.#buffer.some((o) => o.id === id)) {
            held.controller.abort(new Error('lease lost'));
            this.#drop(id);
          }
        }
      } catch (error) {
        this.#o.logger.warn({ err: error }, 'lease extension failed');
      }
    }
  }

  /** Reaps expired leases now (see reaper.ts); the maintenance of every process does it on a timer. */
  reapExpiredLeases(): Promise<number> {
    return reapExpiredLeases(this.#o);
  }

  /**
   * Stop claiming; give running handlers `graceMs` to finish; then abort the rest and release their
   * leases so that another worker takes them at once.
   */
  async stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    this.#unsubscribe?.();
    this.wake();
    await this.#loop;
    const deadline = Date.now() + graceMs;
    while (this.#running > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await this.flush();
    const unfinished = [...this.#held.values()];
    for (const held of unfinished) held.controller.abort(new Error('worker shutting down'));
    for (const t of this.#timers) clearTimeout(t);
    if (unfinished.length > 0) {
      try {
        await releaseItems(this.#o.store, this.workerId, unfinished.map((h) => h.item.id), this.#o.clock.now());
      } catch (error) {
        this.#o.logger.warn({ err: error }, 'releasing leases failed; they will expire instead');
      }
    }
    this.#held.clear();
    this.#heldJobs.clear();
    this.#heldTypes.clear();
  }

  #abortJob(jobId: string) {
    for (const [id, held] of this.#held) {
      if (held.item.job_id !== jobId || this.#buffer.some((o) => o.id === id)) continue;
      held.controller.abort(new Error('job cancelled'));
      this.#drop(id);
    }
  }

  #hold(held: Held) {
    this.#held.set(held.item.id, held);
    this.#heldJobs.set(held.item.job_id, (this.#heldJobs.get(held.item.job_id) ?? 0) + 1);
    this.#heldTypes.set(held.item.type, (this.#heldTypes.get(held.item.type) ?? 0) + 1);
  }

  #drop(id: number) {
    const held = this.#held.get(id);
    if (!held) return;
    this.#held.delete(id);
    const left = (this.#heldJobs.get(held.item.job_id) ?? 1) - 1;
    if (left > 0) this.#heldJobs.set(held.item.job_id, left);
    else this.#heldJobs.delete(held.item.job_id);
    const ofType = (this.#heldTypes.get(held.item.type) ?? 1) - 1;
    if (ofType > 0) this.#heldTypes.set(held.item.type, ofType);
    else this.#heldTypes.delete(held.item.type);
  }
}
