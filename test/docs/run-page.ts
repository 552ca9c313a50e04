// Runs one page's runnable blocks, in order, in one bash session against one fresh server, and says
// where the page and the program disagree. See docs/contributing.md ("Runnable examples").
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnTollgate } from '../support/server.js';
import { mask, outputMatches, parsePage, type Step } from './markdown.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * The page's commands may run this long in all (the server's start is not counted). Generous: a
 * page takes a few seconds alone, but CI machines are shared and every CLI call loads the app.
 */
const SESSION_MS = 100_000;
const MARK = '\u001e';

export interface PageRun {
  /** One message per disagreement, each naming file:line. */
  failures: string[];
  /** Tenants and API-declared job types the page left behind: pages must not share them. */
  tenants: string[];
  jobTypes: string[];
  /** Each step's commands and what they printed: what `DOCS_TRANSCRIPT=1` writes out for authors. */
  transcript: string;
}

/**
 * A folder that looks like the repository to the page's commands (`npx tollgate`, `./data/…`), with
 * its own data: the server's SQLite file is `<folder>/data/tollgate.db`, which is `./data/tollgate.db`
 * for the session, as it is for a reader who runs `npm start` in a clone.
 */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-docs-'));
  for (const entry of ['package.json', 'bin', 'dist', 'node_modules', 'examples']) symlinkSync(join(ROOT, entry), join(dir, entry));
  mkdirSync(join(dir, 'data'));
  // `npx tollgate …` resolves to bin/tollgate.js; npm itself takes about 2 s to get there, so the
  // session's npx runs that file directly (and execs it, so that `$!` is the CLI's own pid).
  mkdirSync(join(dir, '.bin'));
  const npx = join(dir, '.bin', 'npx');
  writeFileSync(npx, `#!/bin/sh\nif [ "$1" = tollgate ]; then shift; exec node "${join(ROOT, 'bin/tollgate.js')}" "$@"; fi\necho "docs test: only 'npx tollgate' is available to pages" >&2\nexit 127\n`);
  chmodSync(npx, 0o755);
  return dir;
}

/** The bash script of a page: each step announces itself on stdout, so output can be cut per step. */
function script(steps: Step[]): { text: string; lineOf: Map<number, number> } {
  const out = ['set -euo pipefail', `trap 'printf "${MARK}ERR %s %s\\n" "$LINENO" "$?" >&2' ERR`];
  const lineOf = new Map<number, number>();
  steps.forEach((step, i) => {
    out.push(`printf '${MARK}S${i} %s\\n' "\${EPOCHREALTIME:-0}"`);
    for (const c of step.commands) {
      out.push(c.text);
      lineOf.set(out.length, c.line);
    }
  });
  out.push(`printf '${MARK}END %s\\n' "\${EPOCHREALTIME:-0}"`);
  return { text: `${out.join('\n')}\n`, lineOf };
}

function indent(text: string, by = '    '): string {
  return text
    .replace(/\n+$/, '')
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

export async function runPage(file: string, markdown: string): Promise<PageRun> {
  const page = parsePage(markdown);
  const steps = page.blocks.flatMap((b) => b.steps);
  const dir = workspace();
  const server = await spawnTollgate('serve', { DATABASE_URL: `file:${join(dir, 'data', 'tollgate.db')}`, ...page.serverEnv });
  try {
    const { text, lineOf } = script(steps);
    writeFileSync(join(dir, 'page.sh'), text);
    const session = spawn('bash', [join(dir, 'page.sh')], {
      cwd: dir,
      // A process group of its own: whatever the page starts in the background ends with it.
      detached: true,
      env: { PATH: `${join(dir, '.bin')}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? dir, LC_ALL: 'C.UTF-8', TG: server.url, ADMIN: server.adminKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    session.stdout!.on('data', (d) => (stdout += d));
    session.stderr!.on('data', (d) => (stderr += d));
    const killGroup = () => {
      try {
        process.kill(-session.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(killGroup, SESSION_MS);
    const code = await new Promise<number | null>((resolve) => session.once('close', (c) => resolve(c)));
    clearTimeout(timer);
    killGroup();

    const failures: string[] = [];
    const chunks = stdout.split(MARK).slice(1);
    const outputs = new Map<number, string>();
    /** When each step started, and when the last one ended (bash's EPOCHREALTIME, seconds). */
    const started = new Map<number, number>();
    let finished: number | undefined;
    for (const chunk of chunks) {
      const newline = chunk.indexOf('\n');
      const [head, at] = chunk.slice(0, newline).split(' ') as [string, string | undefined];
      if (head === 'END') finished = Number(at);
      else if (head.startsWith('S')) {
        outputs.set(Number(head.slice(1)), chunk.slice(newline + 1));
        started.set(Number(head.slice(1)), Number(at));
      }
    }
    const seconds = (i: number) => {
      const end = started.get(i + 1) ?? finished;
      const start = started.get(i);
      return start !== undefined && end !== undefined ? ` (${(end - start).toFixed(1)} s)` : '';
    };
    steps.forEach((step, i) => {
      const actual = outputs.get(i);
      if (actual === undefined || !step.expected) return;
      if (finished === undefined && i === Math.max(...outputs.keys())) return; // the failing step is reported below
      if (outputMatches(step.expected, actual)) return;
      failures.push(
        [
          `${file}:${step.line}: the output differs from the page's (# → lines; ids and times masked)`,
          '  commands:',
          indent(step.commands.map((c) => c.text).join('\n')),
          '  shown on the page:',
          indent(step.expected.map(mask).join('\n')),
          '  printed:',
          indent(mask(actual) || '(nothing)'),
        ].join('\n'),
      );
    });
    if (finished === undefined) {
      const last = Math.max(-1, ...outputs.keys());
      const step = steps[last];
      const err = [...stderr.matchAll(new RegExp(`${MARK}ERR (\\d+) (\\d+)`, 'g'))].at(-1);
      const line = err ? lineOf.get(Number(err[1])) : undefined;
      const where = line ?? step?.line ?? page.blocks[0]?.line ?? 1;
      const why = code === null ? `was stopped after ${SESSION_MS / 1000} s` : `failed (exit ${err?.[2] ?? code})`;
      failures.push(
        [
          `${file}:${where}: a command ${why}`,
          ...(step ? ['  step:', indent(step.commands.map((c) => c.text).join('\n')), '  its output so far:', indent(outputs.get(last) || '(nothing)')] : []),
          '  stderr:',
          indent(stderr.replace(new RegExp(`${MARK}ERR \\d+ \\d+\\n?`, 'g'), '').slice(-3000) || '(nothing)'),
        ].join('\n'),
      );
    }

    const transcript = steps
      .map((step, i) => {
        const printed = (outputs.get(i) ?? '(not run)').replace(/\r/g, '').replace(/\n+$/, '');
        return [`# ---- ${file}:${step.line}${seconds(i)}`, ...step.commands.map((c) => c.text), ...(printed ? printed.split('\n').map((l) => `# → ${l}`) : [])].join('\n');
      })
      .join('\n');
    const admin = { authorization: `Bearer ${server.adminKey}` };
    const tenants = ((await (await fetch(`${server.url}/v1/tenants?limit=100`, { headers: admin })).json()) as { data: { id: string }[] }).data.map((t) => t.id);
    const types = ((await (await fetch(`${server.url}/v1/job-types`, { headers: admin })).json()) as { data: { name: string; source: string }[] }).data;
    return { failures, tenants, jobTypes: types.filter((t) => t.source === 'api').map((t) => t.name), transcript };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
