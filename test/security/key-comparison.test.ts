import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, type Authenticator } from '../../src/core/keys.js';
import { createHarness, type Harness } from '../support/harness.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });

/**
 * The one secret compared as a value is the environment's admin key; stored keys are looked up by
 * their SHA-256. The comparison must not tell an attacker how much of a guess was right.
 */
describe('key comparison takes constant time', () => {
  it('compares the admin key with timingSafeEqual on SHA-256 digests, and no secret with ===', () => {
    const keys = readFileSync(join(SRC, 'core', 'keys.ts'), 'utf8');
    expect(keys).toMatch(/import \{[^}]*\btimingSafeEqual\b[^}]*\} from 'node:crypto'/);
    expect(keys).toMatch(/createHash\('sha256'\)\.update\(deps\.adminKey\)\.digest\(\)/);
    expect(keys).toMatch(/timingSafeEqual\(digest, adminDigest\)/);
    // Nowhere in src is a key, a secret or a hash compared with an ordinary (early-exit) comparison.
    for (const file of files(SRC)) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/(adminKey|secret|key_hash|keyHash)\s*[!=]==|[!=]==\s*(deps\.)?(adminKey|secret|key_hash|keyHash)\b/);
    }
  });

  describe('measured', () => {
    let h: Harness;
    let auth: Authenticator;
    let stored: string;
    const admin = 'tg_admin_key_for_timing_0123456789abcdef';
    beforeAll(async () => {
      h = await createHarness('sqlite');
      stored = (await h.tenant()).key;
      // No cache: every attempt does the full work, as a fresh guess would.
      auth = createAuthenticator({ store: h.tollgate.deps.store, clock: h.clock, adminKey: admin, cacheMs: 0 });
    });
    afterAll(() => h?.close());

    /** Median time of `fn`, interleaved with the others so that drift hits all alike. */
    async function race(candidates: Record<string, string>, rounds: number): Promise<Record<string, number>> {
      const samples: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
      for (let i = 0; i < rounds; i++) {
        for (const [name, secret] of Object.entries(candidates)) {
          const started = process.hrtime.bigint();
          expect(await auth.authenticate(secret)).toBeUndefined();
          samples[name]!.push(Number(process.hrtime.bigint() - started));
        }
      }
      return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, s.sort((a, b) => a - b)[Math.floor(s.length / 2)]!]));
    }

    it('a guess sharing all but the last character of a key takes as long as one sharing nothing', async () => {
      const flip = (s: string) => `${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`;
      const unrelated = (s: string) => `tg_${'Z'.repeat(s.length - 3)}`;
      const candidates = {
        adminAlmost: flip(admin),
        adminUnrelated: unrelated(admin),
        storedAlmost: flip(stored),
        storedUnrelated: unrelated(stored),
      };
      await race(candidates, 200); // warm-up: JIT, statement cache
      const medians = await race(candidates, 1500);
      // Generous: an early-exit comparison differs by orders of magnitude less than the noise here, so
      // this guards against a lookup path that differs (a prefix search, a cache for near-misses).
      for (const [almost, unrelatedName] of [['adminAlmost', 'adminUnrelated'], ['storedAlmost', 'storedUnrelated']] as const) {
        const ratio = medians[almost]! / medians[unrelatedName]!;
        expect(ratio, JSON.stringify(medians)).toBeGreaterThan(0.5);
        expect(ratio, JSON.stringify(medians)).toBeLessThan(2);
      }
    }, 60_000);
  });
});
