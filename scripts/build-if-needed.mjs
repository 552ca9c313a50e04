// `npm start` must work on a fresh clone without a separate build step, and must not rebuild
// on every start. Rebuild when any source file is newer than the newest build output.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir, skip = () => false) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skip(path)) continue;
    latest = Math.max(latest, entry.isDirectory() ? newest(path, skip) : statSync(path).mtimeMs);
  }
  return latest;
}

const outputs = ['dist/cli.js', 'dist/web/index.html'];
const built = outputs.every((file) => existsSync(file)) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0;
const sources = Math.max(newest('src'), newest('web', (p) => p.includes('node_modules')), statSync('package.json').mtimeMs);
if (built < sources) {
  console.log('tollgate: building (sources changed since the last build)…');
  // Always the production bundle: under a test runner NODE_ENV is "test", and Vite would bundle React's development build.
  execSync('npm run build', { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
