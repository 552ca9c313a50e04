import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

// One `tollgate serve` per SQLite file. On SQLite, events and worker wake-ups travel inside one
// process, so a second server on the same file would show stale progress and fight the first for
// the single writer; and a second serve on one file is nearly always a forgotten terminal. Workers
// (`tollgate worker`) are meant to share the file and take no lock.
//
// The lock is a file beside the database holding its owner's pid, host and start time. It is
// created whole (written aside, then hard-linked into place, which fails if the name exists), so a
// reader never sees half of it. A lock whose process is gone (SIGKILL, a crash, a reboot) is stale
// and taken over; a clean shutdown removes it.

export interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the owner took the lock. */
  since: string;
}

export class ServeLockHeld extends Error {
  constructor(
    readonly path: string,
    readonly owner: LockOwner,
  ) {
    super(`${path} is held by pid ${owner.pid} on ${owner.host} since ${owner.since}`);
    this.name = 'ServeLockHeld';
  }
}

export interface ServeLock {
  path: string;
  /** Removes the lock if it is still ours. Safe to call twice. */
  release(): void;
}

/** Takes `<database>.lock`, taking over a stale one; throws ServeLockHeld while another serve runs. */
export function acquireServeLock(databasePath: string): ServeLock {
  const path = `${databasePath}.lock`;
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 10; attempt++) {
    if (create(path, me)) {
      const release = () => {
        if (sameOwner(read(path), me)) unlinkQuietly(path);
      };
      // 'exit' runs on process.exit() and a normal end, not on SIGKILL: that is what takeover is for.
      process.once('exit', release);
      return { path, release };
    }
    const owner = read(path);
    if (owner === 'missing') continue;
    if (owner !== 'unreadable' && !isStale(owner)) throw new ServeLockHeld(path, owner);
    takeOver(path, owner);
  }
  const owner = read(path);
  throw new ServeLockHeld(path, typeof owner === 'object' ? owner : { pid: 0, host: 'unknown', since: 'unknown' });
}

function create(path: string, owner: LockOwner): boolean {
  const aside = `${path}.${process.pid}.new`;
  writeFileSync(aside, `${JSON.stringify(owner)}\n`);
  try {
    linkSync(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // A file system without hard links: exclusive create, where a reader may briefly see it empty.
    try {
      writeFileSync(path, `${JSON.stringify(owner)}\n`, { flag: 'wx' });
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallback;
    }
  } finally {
    unlinkQuietly(aside);
  }
}

function read(path: string): LockOwner | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' && typeof owner.since === 'string' ? owner : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

const sameOwner = (a: ReturnType<typeof read>, b: LockOwner) => typeof a === 'object' && a.pid === b.pid && a.host === b.host && a.since === b.since;

/**
 * Gone for sure: on this host, and its pid is dead, is this very process (a container restarted
 * with the same pid), or belongs to a process started after the lock was taken (a reused pid).
 * On another host (a shared network drive) there is no telling: the lock holds.
 */
function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const started = processStart(owner.pid);
  return started !== undefined && started > Date.parse(owner.since) + 5000;
}

/** Linux: when `pid` started, from /proc (clock ticks after boot; USER_HZ is 100 on every Linux port). */
function processStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    return Number.isFinite(ticks) && Number.isFinite(boot) && boot > 0 ? boot * 1000 + ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Moves the stale lock aside, which only one of several racing takers can do, and puts it back
 * if what was moved is not the lock judged stale (a new owner got in between).
 */
function takeOver(path: string, stale: LockOwner | 'unreadable') {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = read(aside);
  const isTheStaleOne = stale === 'unreadable' ? moved === 'unreadable' : sameOwner(moved, stale);
  if (!isTheStaleOne) {
    try {
      linkSync(aside, path);
    } catch {
      // Yet another owner took the name meanwhile; theirs stands.
    }
  }
  unlinkQuietly(aside);
}

function unlinkQuietly(path: string) {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
