import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

import { postgresVersion, sqliteVersion } from './database.js';
import { redisVersion } from './peers/process.js';

/** The packages whose versions a reader needs to compare figures: the HTTP stack and the peers. */
const PACKAGES = ['hono', '@hono/node-server', 'pg-boss', 'graphile-worker', 'bullmq', 'ioredis'];

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  postgres: string;
  sqlite: string;
  /** Absent in results measured before the peers were added. */
  redis?: string;
  packages?: Record<string, string>;
  commit: string;
}

export async function describeMachine(repoRoot: string, pgAdminUrl: string): Promise<Machine> {
  return {
    cpu: cpuModel(),
    cores: availableParallelism(),
    ramGiB: memTotalKiB() / 1024 / 1024,
    node: process.version,
    postgres: await postgresVersion(pgAdminUrl),
    sqlite: sqliteVersion(),
    redis: await redisVersion(),
    packages: Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(repoRoot, name)])),
    commit: gitCommit(repoRoot),
  };
}

function packageVersion(repoRoot: string, name: string): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return match?.[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function memTotalKiB(): number {
  try {
    const match = /^MemTotal:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    return Number(match?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function gitCommit(repoRoot: string): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${commit} (src/ has uncommitted changes)` : commit;
  } catch {
    return 'unknown';
  }
}
