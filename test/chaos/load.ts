import type { Random } from './random.js';

export interface ChaosTenant {
  id: string;
  key: string;
}

/** One admission as the client means it: the key and the body never change between its attempts. */
export interface Intent {
  key: string;
  tenant: ChaosTenant;
  body: { type: 'echo'; input: Record<string, unknown> };
  attempts: number;
}

/**
 * What the clients know, and the only thing the invariants may trust about the outside world:
 * which admissions were acknowledged (a 201, first or replayed) and with which job.
 */
export class ClientRecord {
  /** Idempotency-Key → the job every 201 for it named. */
  readonly acked = new Map<string, { jobId: string; tenantId: string }>();
  /** Sent, but no answer that settles it yet (connection reset, timeout, 503, request_in_flight). */
  readonly unresolved = new Map<string, Intent>();
  /** Answered with a refusal (402, 429, job_already_active): no job may exist for these. */
  readonly refused = new Set<string>();
  readonly jobsByTenant = new Map<string, string[]>();
  readonly outcomes: Record<string, number> = {};
  readonly problems: string[] = [];

  count(outcome: string) {
    this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + 1;
  }

  problem(message: string) {
    if (this.problems.length < 200) this.problems.push(message);
  }

  ack(intent: Intent, jobId: string) {
    const previous = this.acked.get(intent.key);
    if (previous && previous.jobId !== jobId) {
      this.problem(`Idempotency-Key ${intent.key} answered with two jobs: ${previous.jobId} and ${jobId}`);
      return;
    }
    this.unresolved.delete(intent.key);
    if (previous) return;
    if (this.refused.has(intent.key)) {
      // A refusal is not binding: the key was released, a later attempt may be admitted.
      this.refused.delete(intent.key);
    }
    this.acked.set(intent.key, { jobId, tenantId: intent.tenant.id });
    const list = this.jobsByTenant.get(intent.tenant.id) ?? [];
    list.push(jobId);
    this.jobsByTenant.set(intent.tenant.id, list);
  }
}

const TIMEOUT_MS = 8000;

type Answer = { status: number; body: any; replayed: boolean } | { error: string };

async function send(url: string, key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  try {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { unparsable: text.slice(0, 200) };
    }
    return { status: response.status, body: parsed, replayed: response.headers.get('idempotent-replayed') === 'true' };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { error: cause?.code ?? (error as Error).name ?? 'error' };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Admission load from `clients` concurrent loops: echo jobs of 1–6 items that sleep (so items are
 * mid-flight when a worker dies), a few that fail permanently or transiently, some with a subject
 * (dedup), an Idempotency-Key on every admission, cancels, reads, replays of acknowledged keys and
 * retries of unacknowledged ones with their original key and body.
 */
export class Load {
  #stopped = true;
  #loops: Promise<void>[] = [];
  #sequence = 0;
  /** Every intent ever sent, so that a replay sends exactly the original key and body. */
  readonly #intents = new Map<string, Intent>();

  constructor(
    private readonly url: string,
    private readonly tenants: ChaosTenant[],
    private readonly random: Random,
    readonly record: ClientRecord,
    private readonly label: string,
  ) {}

  start(clients: number) {
    this.#stopped = false;
    this.#loops = Array.from({ length: clients }, () => this.#loop());
  }

  /** Stop issuing requests and wait for the ones in flight to be answered (or to time out). */
  async stop() {
    this.#stopped = true;
    await Promise.all(this.#loops);
  }

  async #loop() {
    // Like a real client, a loop mostly retries its own unanswered admission before moving on;
    // now and then it picks up one that another loop gave up on.
    let mine: Intent | undefined;
    while (!this.#stopped) {
      const r = this.random.next();
      if (mine && this.record.unresolved.has(mine.key) && r < 0.85) {
        const answer = await this.admit(mine);
        // Held by a request a killed server was running: the lock lasts a minute, so move on for now.
        if (!('error' in answer) && answer.body?.code === 'request_in_flight') mine = undefined;
      } else if (r < 0.1 && this.record.unresolved.size > 0) {
        mine = this.random.pick([...this.record.unresolved.values()]);
        await this.admit(mine);
      } else if (r < 0.65) {
        mine = this.#intent();
        await this.admit(mine);
      } else if (r < 0.8) await this.#cancel();
      else if (r < 0.9) await this.#read();
      else await this.#replay();
      await sleep(this.random.between(2, 25));
    }
  }

  #intent(): Intent {
    const items = this.random.between(1, 6);
    const input: Record<string, unknown> = { items, sleep_ms: this.random.between(20, 250) };
    const kind = this.random.next();
    if (kind < 0.08) Object.assign(input, { fail: 'permanent', fail_seqs: [0] });
    else if (kind < 0.16) Object.assign(input, { fail: 'transient', fail_attempts: 1 });
    if (this.random.chance(0.15)) input.subject = `lead_${this.random.int(3)}`;
    const intent: Intent = { key: `${this.label}-${++this.#sequence}`, tenant: this.random.pick(this.tenants), body: { type: 'echo', input }, attempts: 0 };
    this.#intents.set(intent.key, intent);
    return intent;
  }

  /** Sends an admission and files its answer. Exposed for the final retry of unacknowledged intents. */
  async admit(intent: Intent): Promise<Answer> {
    intent.attempts++;
    const answer = await send(this.url, intent.tenant.key, 'POST', '/v1/jobs', intent.body, { 'idempotency-key': intent.key });
    const r = this.record;
    if ('error' in answer) {
      r.count('network_error');
      r.unresolved.set(intent.key, intent);
      await sleep(100);
      return answer;
    }
    const code = answer.body?.code as string | undefined;
    r.count(answer.replayed ? `${answer.status}_replayed` : code ? `${answer.status}_${code}` : String(answer.status));
    if (answer.status === 201) {
      const jobId = answer.body?.job?.id;
      if (typeof jobId !== 'string') r.problem(`201 without a job id for ${intent.key}: ${JSON.stringify(answer.body)}`);
      else r.ack(intent, jobId);
    } else if (answer.status === 402 || answer.status === 429 || code === 'job_already_active') {
      r.unresolved.delete(intent.key);
      if (!r.acked.has(intent.key)) r.refused.add(intent.key);
    } else if (code === 'request_in_flight' || answer.status === 503) {
      r.unresolved.set(intent.key, intent);
    } else {
      r.problem(`POST /v1/jobs (${intent.key}) answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
      r.unresolved.delete(intent.key);
    }
    return answer;
  }

  #ackedJob(): { tenant: ChaosTenant; jobId: string } | undefined {
    const tenant = this.random.pick(this.tenants);
    const jobs = this.record.jobsByTenant.get(tenant.id);
    if (!jobs || jobs.length === 0) return undefined;
    // Mostly recent jobs: those are the ones still running.
    const jobId = jobs[Math.max(0, jobs.length - 1 - this.random.int(Math.min(jobs.length, 20)))]!;
    return { tenant, jobId };
  }

  async #cancel() {
    const target = this.#ackedJob();
    if (!target) return;
    const answer = await send(this.url, target.tenant.key, 'POST', `/v1/jobs/${target.jobId}/cancel`);
    if ('error' in answer) return this.record.count('cancel_network_error');
    this.record.count(`cancel_${answer.status}`);
    if (answer.status === 404) this.record.problem(`acknowledged job ${target.jobId} not found by cancel`);
    else if (answer.status !== 200 && answer.status !== 409 && answer.status !== 503) {
      this.record.problem(`cancel ${target.jobId} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    }
  }

  async #read() {
    const target = this.#ackedJob();
    if (!target) return;
    const answer = await send(this.url, target.tenant.key, 'GET', `/v1/jobs/${target.jobId}`);
    if ('error' in answer) return this.record.count('read_network_error');
    this.record.count(`read_${answer.status}`);
    if (answer.status === 404) this.record.problem(`acknowledged job ${target.jobId} not found by GET`);
    else if (answer.status !== 200 && answer.status !== 503) this.record.problem(`GET ${target.jobId} answered ${answer.status}`);
  }

  /** The same key and body again: the same job comes back, never a second one. */
  async #replay() {
    const acked = [...this.record.acked.keys()];
    if (acked.length === 0) return;
    const key = this.random.pick(acked);
    const intent = this.#intents.get(key);
    if (intent) await this.admit(intent);
  }
}
