import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireServeLock, ServeLockHeld } from './serve-lock.js';

describe('the serve lock', () => {
  const dirs: string[] = [];
  const database = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-lock-'));
    dirs.push(dir);
    return join(dir, 'tollgate.db');
  };
  const plant = (db: string, owner: object | string) => writeFileSync(`${db}.lock`, typeof owner === 'string' ? owner : JSON.stringify(owner));
  const ownerOf = (db: string) => JSON.parse(readFileSync(`${db}.lock`, 'utf8'));
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is taken once, refused while its owner lives, and released only by its owner', () => {
    const db = database();
    const lock = acquireServeLock(db);
    expect(ownerOf(db)).toEqual({ pid: process.pid, host: hostname(), since: expect.any(String) });
    // Another live process (the parent plays it) holds the lock now: it is not ours to release.
    const other = { pid: process.ppid, host: hostname(), since: new Date().toISOString() };
    plant(db, other);
    lock.release();
    expect(ownerOf(db)).toEqual(other);
    expect(() => acquireServeLock(db)).toThrow(expect.objectContaining({ name: 'ServeLockHeld', owner: other }));

    rmSync(`${db}.lock`);
    acquireServeLock(db).release();
    expect(existsSync(`${db}.lock`)).toBe(false);
  });

  it('takes over a lock whose process is dead, is this process (a restarted container), or cannot be read', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    for (const stale of [{ pid: dead, host: hostname(), since: new Date().toISOString() }, { pid: process.pid, host: hostname(), since: '2020-01-01T00:00:00.000Z' }, '{"pid":']) {
      const db = database();
      plant(db, stale);
      const lock = acquireServeLock(db);
      expect(ownerOf(db).pid).toBe(process.pid);
      lock.release();
    }
  });

  it('holds for a live pid that started before the lock, and for a lock taken on another host', () => {
    for (const held of [
      { pid: process.ppid, host: hostname(), since: new Date().toISOString() },
      { pid: 999_999_999, host: `not-${hostname()}`, since: '2020-01-01T00:00:00.000Z' },
    ]) {
      const db = database();
      plant(db, held);
      expect(() => acquireServeLock(db)).toThrow(ServeLockHeld);
      expect(ownerOf(db)).toEqual(held);
    }
  });

  it('takes over a lock whose pid was reused by a process started after it', () => {
    const db = database();
    // The parent process started after 2000: a lock from 2000 with its pid was taken by an earlier process.
    plant(db, { pid: process.ppid, host: hostname(), since: '2000-01-01T00:00:00.000Z' });
    const lock = acquireServeLock(db);
    expect(ownerOf(db).pid).toBe(process.pid);
    lock.release();
  });
});
