// The contract every peer queue meets for the benchmark: one admission call (the operation that is
// measured), a bulk fill that is not measured, and a drain by its own worker with a no-op handler.
// Peers are dev dependencies used by bench/ only; nothing in src/ or `npm test` imports them.

/** Where one measurement of a peer keeps its state; made for it and removed after it. */
export interface PeerPlace {
  /** PostgreSQL database of the peers (never the test database). */
  pgUrl: string;
  /** A schema of its own in that database. */
  schema: string;
  redisHost: string;
  redisPort: number;
  /** A key prefix of its own in Redis. */
  prefix: string;
}

/** A peer's worker settings for the drain; each peer reads the keys it knows. */
export type Tuning = Record<string, number | boolean>;

export interface DrainOutcome {
  /** From the first handler call to the moment the last job was settled in the peer's store. */
  spanMs: number;
  /** Handler calls: exactly `count` when no job ran twice. */
  handled: number;
  /** Jobs the store counts as completed (or deleted as completed, for graphile-worker). */
  completed: number;
  /** Jobs not completed: failed, retried or still queued. Must be 0. */
  notCompleted: number;
}

export interface PeerQueue {
  /** The admission call: one job with this payload; resolves with the job's id. */
  add(payload: Record<string, unknown>): Promise<string>;
  /** Puts `count` no-op jobs in the queue with the peer's bulk API; not timed. */
  fill(count: number): Promise<void>;
  /** Runs the peer's worker with `tuning` until `count` jobs are settled. */
  drain(count: number, tuning: Tuning): Promise<DrainOutcome>;
  close(): Promise<void>;
}

export interface Peer {
  id: PeerId;
  /** The admission call: `pg-boss \`send\``. */
  call: string;
  /** The worker: `pg-boss \`work\``. */
  worker: string;
  /** Where its jobs live: `PostgreSQL`, `Redis`. */
  store: string;
  /** What its worker settings mean, for the report. */
  tuningDoc: string;
  /** Worker settings the drain tries; the best one is the peer's figure. */
  tunings: Tuning[];
  open(place: PeerPlace): Promise<PeerQueue>;
}

export const PEER_IDS = ['pg-boss', 'graphile-worker', 'bullmq'] as const;
export type PeerId = (typeof PEER_IDS)[number];

/** All peers' jobs go to one queue (or task) of this name. */
export const QUEUE = 'echo';

/** Polls `settled` every `everyMs` until it answers true; throws after `timeoutMs`. */
export async function until(settled: () => Promise<boolean>, everyMs: number, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await settled())) {
    if (performance.now() > deadline) throw new Error(`${what}: not settled within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export function describeTuning(tuning: Tuning): string {
  return Object.entries(tuning)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
}
