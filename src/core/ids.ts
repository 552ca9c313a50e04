import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Uniform base62 without modulo bias: bytes ≥ 248 are rejected (248 = 62 × 4). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Ids carry their kind as a prefix (`job_…`, `key_…`), so a pasted id says what it is. 16 base62 ≈ 95 bits. */
export const newId = (prefix: string) => `${prefix}_${randomBase62(16)}`;
