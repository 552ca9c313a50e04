// Vitest global setup: child processes run the built CLI (dist/), which starts in half the time
// tsx needs, so build it first when a source is newer than it (`npm test` has built it already).
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup() {
  // NODE_ENV is "test" under vitest; the dashboard must be bundled as `npm run build` bundles it.
  const { NODE_ENV: _, ...env } = process.env;
  execFileSync(process.execPath, ['scripts/build-if-needed.mjs'], { cwd: resolve(dirname(fileURLToPath(import.meta.url)), '../..'), stdio: 'inherit', env });
}
