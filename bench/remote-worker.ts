// A remote worker process for the remote-drain figure: `tollgate/worker` with a no-op handler,
// talking to the server over HTTP only. Stops (settling what it holds) on SIGTERM.
//   node --import tsx bench/remote-worker.ts <url> <worker key> <type> <concurrency> [<actual cost per item>]
import { runWorker } from '../src/client/worker.js';

const [url, key, type, concurrency, cost] = process.argv.slice(2);
if (!url || !key || !type) throw new Error('usage: remote-worker.ts <url> <key> <type> [concurrency]');
const worker = runWorker({
  url,
  key,
  types: [type],
  concurrency: Number(concurrency ?? 2000),
  waitMs: 1000,
  // A type that settles to its actual cost gets one from every item, as a metered handler reports it.
  handler: async (_item, { reportCost }) => {
    if (cost !== undefined) reportCost(Number(cost));
    return null;
  },
  onError: (error) => console.error('remote worker:', error),
});
process.once('SIGTERM', () => void worker.stop(5000).then(() => process.exit(0)));
