/** Polls `fn` until `ok` holds, or fails after `ms` with the last value: the tests' only way of waiting. */
export async function until<T>(fn: () => Promise<T>, ok: (t: T) => boolean, ms = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}; last value: ${JSON.stringify(value)?.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
