/**
 * Group commit: admissions that arrive together are written in one transaction, each still getting
 * its own answer. Under load a batch forms by itself, from what arrived while the previous batch was
 * being written; at idle a request waits one event-loop turn at most, so latency does not suffer.
 */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export class GroupCommit<P, R> {
  readonly #queue: { plan: P; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  #inFlight = 0;
  #scheduled = false;

  constructor(
    private readonly write: (plans: P[]) => Promise<Settled<R>[]>,
    private readonly options: { maxBatch: number; maxInFlight: number },
  ) {}

  submit(plan: P): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ plan, resolve, reject });
      this.#schedule();
    });
  }

  #schedule() {
    if (this.#scheduled || this.#inFlight >= this.options.maxInFlight || this.#queue.length === 0) return;
    this.#scheduled = true;
    // setImmediate: let every request already read from the sockets join this batch.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush() {
    if (this.#inFlight >= this.options.maxInFlight || this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.options.maxBatch);
    this.#inFlight++;
    try {
      const results = await this.write(batch.map((b) => b.plan)).catch((error: unknown) => batch.map(() => ({ ok: false as const, error })));
      batch.forEach((b, i) => {
        const r = results[i]!;
        if (r.ok) b.resolve(r.value);
        else b.reject(r.error);
      });
    } finally {
      this.#inFlight--;
      this.#schedule();
    }
  }
}
