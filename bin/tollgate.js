#!/usr/bin/env node
// The package's bin: runs the compiled CLI. `npm start` builds first when dist/ is missing or stale.
import('../dist/cli.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    console.error('tollgate: dist/ is missing; run `npm run build` (or `npm start`, which builds when needed).');
    process.exit(1);
  }
  throw error;
});
