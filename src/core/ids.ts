import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Random bytes drawn from a pool refilled 4 KiB at a time: one call into the kernel's CSPRNG per
 * couple of hundred ids rather than one per id (as Node's randomUUID pools its own). Each byte is
 * used once.
 */
const pool = Buffer.alloc(4096);
let next = pool.length;
function randomByte(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++]!;
}

/** Uniform base62 without modulo bias: bytes ≥ 248 are rejected (248 = 62 × 4). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

/** Ids carry their kind as a prefix (`job_…`, `key_…`), so a pasted id says what it is. 16 base62 ≈ 95 bits. */
export const newId = (prefix: string) => `${prefix}_${randomBase62(16)}`;
