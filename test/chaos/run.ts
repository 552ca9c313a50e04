import { parseArgs } from 'node:util';
import { DIALECTS, type DialectName } from '../support/harness.js';
import { runChaos } from './chaos.js';

/**
 * `npm run chaos`: the long form of the crash-safety run, on every dialect the tests use
 * (PostgreSQL too when TEST_DATABASE_URL is set). Exits 1 when any invariant broke.
 *
 *   npm run chaos -- --rounds 20 --duration 6000 --dialect postgres --seed 42
 */
const { values } = parseArgs({
  options: {
    long: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    duration: { type: 'string' },
    workers: { type: 'string' },
    clients: { type: 'string' },
    kills: { type: 'string' },
    credits: { type: 'string' },
    dialect: { type: 'string', multiple: true },
    seed: { type: 'string' },
  },
});

const dialects = (values.dialect as DialectName[] | undefined) ?? DIALECTS;
const rounds = Number(values.rounds ?? (values.long ? 12 : 3));
const durationMs = Number(values.duration ?? (values.long ? 6000 : 4000));
const kills = Number(values.kills ?? (values.long ? 2 : 1));
let failed = false;
for (const dialect of dialects) {
  try {
    const report = await runChaos({
      dialect,
      rounds,
      durationMs,
      serverKillsPerRound: kills,
      workerKillsPerRound: kills,
      creditsPerTenant: Number(values.credits ?? (values.long ? 250 : 120)),
      ...(values.workers ? { workers: Number(values.workers) } : {}),
      ...(values.clients ? { clients: Number(values.clients) } : {}),
      ...(values.seed ? { seed: Number(values.seed) } : {}),
      log: (line) => console.log(line),
    });
    console.log(
      JSON.stringify({ dialect, seed: report.seed, elapsed_ms: report.elapsedMs, acknowledged: report.acknowledged, unresolved: report.unresolved, outcomes: report.outcomes, jobs: report.census.byStatus }),
    );
    if (report.problems.length > 0) {
      failed = true;
      console.error(`${dialect}: ${report.problems.length} problems (seed ${report.seed}):\n${report.problems.slice(0, 50).join('\n')}`);
    }
  } catch (error) {
    failed = true;
    console.error(`${dialect}: the run itself failed: ${(error as Error).stack ?? String(error)}`);
  }
}
process.exit(failed ? 1 : 0);
