// The documentation is tested: every ```sh run block of README.md and docs/*.md runs against a fresh
// server, page by page, and what it prints is compared with the output the page shows. The
// convention is in docs/contributing.md ("Runnable examples"); the machinery in run-page.ts.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchors, headings, links, parsePage } from './markdown.js';
import { runPage, type PageRun } from './run-page.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const read = (page: string) => readFileSync(join(ROOT, page), 'utf8');

const runnable = PAGES.filter((page) => parsePage(read(page)).blocks.length > 0);
const runs = new Map<string, PageRun>();

describe.concurrent('runnable blocks', () => {
  it('README.md and each job type have runnable walk-throughs', () => {
    for (const page of ['README.md', 'docs/lead-evaluation.md', 'docs/catalog-optimization.md', 'docs/operations.md']) expect(runnable).toContain(page);
  });

  for (const page of runnable) {
    it(`${page} runs as shown`, { timeout: 150_000 }, async () => {
      const run = await runPage(page, read(page));
      runs.set(page, run);
      if (process.env.DOCS_TRANSCRIPT) {
        const file = join(tmpdir(), 'tollgate-docs', page.replace(/\//g, '_').replace(/\.md$/, '.sh'));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, run.transcript);
        console.log(`${page}: transcript in ${file}`);
      }
      if (run.failures.length > 0) throw new Error(`${run.failures.length} disagreement(s) between ${page} and the program:\n\n${run.failures.join('\n\n')}`);
    });
  }
});

describe('walk-throughs followed one after another on one ./data', () => {
  it('no two pages create the same tenant or declare the same job type', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [page, run] of runs) {
      for (const name of [...run.tenants.map((t) => `tenant ${t}`), ...run.jobTypes.map((t) => `job type ${t}`)]) {
        const first = owner.get(name);
        if (first) clashes.push(`${name}: ${first} and ${page}`);
        else owner.set(name, page);
      }
    }
    expect(runs.size, 'the pages ran').toBe(runnable.length);
    expect(clashes).toEqual([]);
  });
});

describe('the pages themselves', () => {
  it('README.md stays a front door: at most 300 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(300);
  });

  it('every relative link points at a file that exists, and every #anchor at a heading', () => {
    const broken: string[] = [];
    for (const page of PAGES) {
      for (const { line, target } of links(read(page))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        const [path, fragment] = target.split('#') as [string, string | undefined];
        const file = path === '' ? join(ROOT, page) : resolve(dirname(join(ROOT, page)), decodeURIComponent(path));
        const name = relative(ROOT, file);
        if (!existsSync(file)) {
          broken.push(`${page}:${line}: ${target}: no file ${name}`);
          continue;
        }
        if (fragment === undefined) continue;
        if (statSync(file).isDirectory() || !file.endsWith('.md')) {
          broken.push(`${page}:${line}: ${target}: an anchor into ${name}, which is not a Markdown page`);
        } else if (!anchors(readFileSync(file, 'utf8')).has(fragment)) {
          broken.push(`${page}:${line}: ${target}: ${name} has no heading #${fragment}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('headings go no deeper than ###, and a page over 150 lines has a table of contents', () => {
    const problems: string[] = [];
    for (const page of PAGES) {
      const text = read(page);
      for (const h of headings(text)) if (h.level > 3) problems.push(`${page}:${h.line}: heading deeper than ###: ${h.text}`);
      if (page !== 'README.md' && text.split('\n').length > 150 && !/^## Contents$/m.test(text)) problems.push(`${page}: over 150 lines without a "## Contents" section`);
    }
    expect(problems).toEqual([]);
  });
});
