/**
 * `tollgate/worker`: run a remote job type's items in your own process, anywhere that can reach
 * Tollgate over HTTP. Claims are batched and long-polled, outcomes are settled in batches, leases
 * are extended while a handler runs, and `stop()` finishes what is running before it returns.
 *
 * The guarantees are the server's: an outcome counts only while this worker holds the item's lease
 * on that attempt, so a handler that outlives its lease (a stalled machine) delivers nothing, and
 * the item runs again elsewhere.
 *
 * This module has no dependency beyond `fetch`: it is what a worker in another language would do.
 */

export interface RemoteItem<Input = unknown, JobInput = unknown> {
  id: number;
  job_id: string;
  tenant_id: string;
  type: string;
  seq: number;
  input: Input;
  job_input: JobInput;
  attempt: number;
  lease_expires_at: string;
}

export interface HandlerContext {
  /** Aborts when the worker stops or the item's lease is lost: stop working, the outcome would be refused. */
  signal: AbortSignal;
  /** For types that settle to what the work really used: the item's actual cost (a whole number). */
  reportCost(units: number): void;
}

/** Throw this (or anything with `retryable: false`) to fail an item without another attempt. */
export class PermanentFailure extends Error {
  readonly retryable = false;
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'PermanentFailure';
  }
}

export interface RunWorkerOptions<Input = unknown, JobInput = unknown> {
  /** Tollgate's base URL, e.g. http://127.0.0.1:8787 */
  url: string;
  /** A worker key (`POST /v1/keys {"role":"worker","job_types":[…]}`) or an admin key. */
  key: string;
  types: string[];
  /** Items run at once. Default 8. */
  concurrency?: number;
  /** Lease per claim; heartbeats extend it while a handler runs. Default 30 s. */
  leaseMs?: number;
  /** How long a claim waits for work when there is none. Default 20 s. */
  waitMs?: number;
  /** Outcomes wait this long to be settled together. Default 5 ms. */
  settleDelayMs?: number;
  /** Runs one item; returns its result (any JSON). */
  handler(item: RemoteItem<Input, JobInput>, context: HandlerContext): Promise<unknown>;
  /** Told about failed requests (the worker retries them); default: console.warn. */
  onError?(error: unknown): void;
}

export interface RunningWorker {
  /** Stops claiming, lets running handlers finish for up to `graceMs`, settles, then resolves. */
  stop(graceMs?: number): Promise<void>;
  /** Items settled so far, and outcomes the server refused (lease lost). */
  readonly stats: { settled: number; refused: number; failedRequests: number };
}

/** The most items the server hands out per claim; a worker with more room claims again at once. */
const CLAIM_MAX = 1000;
/** Outcomes per settle request, and settle requests in flight at once. */
const SETTLE_MAX = 500;
const SETTLES_IN_FLIGHT = 4;

type Outcome =
  | { id: number; attempt: number; status: 'succeeded'; result: unknown; cost?: number }
  | { id: number; attempt: number; status: 'failed'; error: { message: string; code?: string }; retryable: boolean };

export function runWorker<Input = unknown, JobInput = unknown>(options: RunWorkerOptions<Input, JobInput>): RunningWorker {
  const base = options.url.replace(/\/+$/, '');
  const concurrency = options.concurrency ?? 8;
  const leaseMs = options.leaseMs ?? 30_000;
  const waitMs = options.waitMs ?? 20_000;
  const settleDelayMs = options.settleDelayMs ?? 5;
  const onError = options.onError ?? ((error: unknown) => console.warn('tollgate worker:', error));
  const stats = { settled: 0, refused: 0, failedRequests: 0 };

  /** Items claimed here and not yet settled; `decided` once the handler has produced its outcome. */
  const held = new Map<number, { item: RemoteItem<Input, JobInput>; controller: AbortController; decided: boolean }>();
  /**
   * Handlers running now: what `concurrency` bounds. A slot is free again as soon as its handler is
   * done, while its outcome is still on its way, so claims and settles overlap instead of taking
   * turns. Outcomes not yet settled are bounded too (`maxUnsettled`): a slow server slows claiming.
   */
  let running = 0;
  const maxUnsettled = Math.max(concurrency, 500);
  /** Stop claiming. */
  const stopping = new AbortController();
  let buffer: Outcome[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const senders = new Set<Promise<void>>();
  let roomFreed: () => void = () => {};

  async function post(path: string, body: unknown, signal?: AbortSignal): Promise<{ status: number; body: any }> {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * Sends the buffered outcomes, in batches of SETTLE_MAX, over up to SETTLES_IN_FLIGHT requests at
   * once: the server settles them on several connections, as its own workers do. Resolves when the
   * buffer is empty (or, once stopping, when the server has been unreachable for good).
   */
  function flush(): Promise<void> {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    while (senders.size < SETTLES_IN_FLIGHT && buffer.length > 0) {
      const sender: Promise<void> = send().finally(() => senders.delete(sender));
      senders.add(sender);
    }
    return Promise.all(senders).then(() => (buffer.length > 0 && !givenUp() ? flush() : undefined));
  }

  const givenUp = () => stopping.signal.aborted && stats.failedRequests > 1000;

  async function send(): Promise<void> {
    while (buffer.length > 0 && !givenUp()) {
      const batch = buffer.splice(0, SETTLE_MAX);
      try {
        const { status, body } = await post('/v1/worker/settle', { outcomes: batch });
        if (status !== 200) throw new Error(`settle answered ${status}: ${JSON.stringify(body)}`);
        for (const result of body.results as { id: number; error?: string }[]) {
          if (result.error) stats.refused++;
          else stats.settled++;
          held.delete(result.id);
        }
        roomFreed();
      } catch (error) {
        // The outcomes are kept and sent again: a settle the server already applied is recognised.
        stats.failedRequests++;
        onError(error);
        buffer.unshift(...batch);
        await pause(500);
      }
    }
  }

  /** An item that gets no outcome here (its lease was lost, or the worker stopped): the server's reaper takes it back. */
  function forget(id: number) {
    if (held.get(id)?.decided === false) running--;
    held.delete(id);
    roomFreed();
  }

  function settle(outcome: Outcome) {
    const entry = held.get(outcome.id);
    if (entry && !entry.decided) {
      entry.decided = true;
      running--;
      roomFreed();
    }
    buffer.push(outcome);
    if (buffer.length >= SETTLE_MAX) void flush();
    else flushTimer ??= setTimeout(() => void flush(), settleDelayMs);
  }

  async function run(item: RemoteItem<Input, JobInput>) {
    const controller = new AbortController();
    held.set(item.id, { item, controller, decided: false });
    running++;
    let cost: number | undefined;
    const signal = controller.signal;
    try {
      const result = await options.handler(item, { signal, reportCost: (units) => void (cost = units) });
      if (signal.aborted) return forget(item.id);
      settle({ id: item.id, attempt: item.attempt, status: 'succeeded', result: result ?? null, ...(cost !== undefined ? { cost } : {}) });
    } catch (error) {
      if (signal.aborted) return forget(item.id);
      const e = error as { message?: string; code?: unknown; retryable?: unknown };
      settle({
        id: item.id,
        attempt: item.attempt,
        status: 'failed',
        error: { message: String(e?.message ?? error).slice(0, 2000), ...(typeof e?.code === 'string' ? { code: e.code } : {}) },
        retryable: e?.retryable !== false,
      });
    }
  }

  // Heartbeats: every third of the lease, one request for every item still running here. An item
  // whose outcome is decided is left out: its settle is on the way, and the lease only has to last until then.
  const heartbeat = setInterval(() => {
    const running = [...held.values()].filter((h) => !h.decided && !h.controller.signal.aborted);
    if (running.length === 0) return;
    for (let i = 0; i < running.length; i += CLAIM_MAX) {
      const batch = running.slice(i, i + CLAIM_MAX);
      void post('/v1/worker/heartbeat', { items: batch.map((h) => ({ id: h.item.id, attempt: h.item.attempt })), lease_ms: leaseMs }).then(
        ({ status, body }) => {
          if (status !== 200) throw new Error(`heartbeat answered ${status}: ${JSON.stringify(body)}`);
          // The lease is gone (expired and taken, or the job cancelled): stop the handler.
          for (const id of body.lost as number[]) held.get(id)?.controller.abort(new Error('lease lost'));
        },
      ).catch((error) => {
        stats.failedRequests++;
        onError(error);
      });
    }
  }, Math.max(500, Math.floor(leaseMs / 3)));

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      const free = concurrency - running;
      if (free <= 0 || held.size - running >= maxUnsettled) {
        await new Promise<void>((resolve) => (roomFreed = resolve));
        continue;
      }
      let items: RemoteItem<Input, JobInput>[];
      try {
        const max = Math.min(free, CLAIM_MAX);
        const { status, body } = await post('/v1/worker/claim', { types: options.types, max, lease_ms: leaseMs, wait_ms: waitMs }, stopping.signal);
        if (status === 401 || status === 403) throw Object.assign(new Error(`claim refused (${status}): ${body?.detail ?? ''}`), { fatal: true });
        if (status !== 200) throw new Error(`claim answered ${status}: ${JSON.stringify(body)}`);
        // Each job's input comes once per claim, however many of its items are in it.
        const jobs = body.jobs as Record<string, { input: JobInput }>;
        items = (body.items as Omit<RemoteItem<Input, JobInput>, 'job_input'>[]).map((item) => ({ ...item, job_input: jobs[item.job_id]!.input }));
      } catch (error) {
        if (stopping.signal.aborted) break;
        stats.failedRequests++;
        onError(error);
        if ((error as { fatal?: boolean }).fatal) break;
        await pause(1000);
        continue;
      }
      for (const item of items) void run(item).finally(() => roomFreed());
    }
  })();

  return {
    stats,
    async stop(graceMs = 10_000) {
      stopping.abort(new Error('worker stopping'));
      roomFreed();
      await loop;
      const deadline = Date.now() + graceMs;
      while (held.size > buffer.length && Date.now() < deadline) await pause(20);
      for (const { controller } of held.values()) controller.abort(new Error('worker stopped'));
      clearInterval(heartbeat);
      await flush();
    },
  };
}
