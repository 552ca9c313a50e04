// The dashboard end to end: a real server (fresh SQLite, workers on), the real bundle, a real
// Chromium. One tenant walks through the pages in order, as an operator would on a first day:
// the admin creates the tenant and its key, the tenant's backend syncs a catalog and leads in
// through the seed routes, the tenant signs in, optimizes a product and applies the result, runs
// out of credits, evaluates a lead. Every page (Webhooks and Job types too) is photographed into
// .screenshots/ at 1280 and at 375 px wide.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../support/server.js';
import { SLOW_MODEL, startSlowProvider, type SlowProvider } from './slow-provider.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(ROOT, '.screenshots');
const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const STEP = 120_000;

/** Refusals the walk-through provokes on purpose; any other 4xx or 5xx is a problem. */
const EXPECTED_REFUSALS = [{ status: 402, path: '/api/jobs' }];

type Server = Awaited<ReturnType<typeof startServer>>;

let server: Server;
let provider: SlowProvider;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
/** Paths of the event streams the page opened. */
const streams: string[] = [];
const tenantName = `E2E Shop ${Date.now().toString(36)}`;
let tenantKey = '';
let createdTenantId = '';
/** The first optimization job, visited again at 375 px. */
let firstJobId = '';
const tenantId = () => createdTenantId;

/** A small catalog and a few leads, made through the real seed routes with the tenant's own key. */
const PRODUCTS = [
  { id: 'linen-shirt', title: 'linen shirt  blue', description: 'Breathable linen shirt for warm days. Relaxed fit.', attributes: { color: 'blue', material: 'linen', tags: 'linen, summer' }, collectionIds: ['summer'] },
  { id: 'canvas-tote', title: 'CANVAS TOTE BAG', description: 'A sturdy canvas tote with an inside pocket.', attributes: { color: 'natural', material: 'cotton canvas' }, collectionIds: ['summer', 'accessories'] },
  { id: 'wool-beanie', title: 'Wool beanie', description: 'Warm ribbed beanie in merino wool.', attributes: { color: 'grey', material: 'merino wool', Tags: 'winter,wool,hat' }, collectionIds: ['accessories'] },
  { id: 'rain-jacket', title: 'Rain jacket', description: null, attributes: { color: 'yellow', vendor: 'Northwind' } },
];
const COLLECTIONS = [
  { id: 'summer', title: 'Summer' },
  { id: 'accessories', title: 'Accessories' },
];
const LEADS = [
  { name: 'Ada Tenant', email: 'ada@example.com', phone: '+1 555 010 0000', move_in_date: '2026-12-15', monthly_income: 6000, desired_rent: 2000, household_size: 2, desired_bedrooms: 1, employment_status: 'employed', has_pets: false },
  { name: 'Ben Mover', email: 'ben@example', monthly_income: 2500, desired_rent: 1800, household_size: 4, desired_bedrooms: 1, employment_status: 'student', has_pets: true, pets: 'Two cats' },
];

async function seed(method: 'PUT' | 'POST', path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${tenantKey}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

async function seedTenant(): Promise<void> {
  const me = (await (await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${tenantKey}` } })).json()) as { tenant: { id: string } };
  expect(await seed('PUT', '/api/catalog/products', { products: PRODUCTS })).toEqual({ upserted: PRODUCTS.length });
  expect(await seed('PUT', '/api/catalog/collections', { collections: COLLECTIONS })).toEqual({ upserted: COLLECTIONS.length });
  createdTenantId = me.tenant.id;
  const site = { 'x-site-id': me.tenant.id, 'x-user-id': 'user_e2e' };
  for (const lead of LEADS) await seed('POST', '/api/ops/leads', lead, site);
}

/** The server serves dist/web: build it unless it is newer than every dashboard source. */
async function ensureBundle() {
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
      const path = join(dir, entry.name);
      return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  const index = join(ROOT, 'dist/web/index.html');
  if (existsSync(index) && statSync(index).mtimeMs > newest(join(ROOT, 'web'))) return;
  // A child process: under vitest NODE_ENV is "test", which would bundle React's development build.
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'pipe',
  });
}

/** A full-page screenshot once nothing is loading any more: a list that arrives mid-capture would be cut off. */
async function shoot(name: string) {
  await expect.poll(() => page.locator('.loading').count(), { timeout: 10_000 }).toBe(0);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function open(hash: string, heading: string | RegExp) {
  await page.goto(`${server.url}/${hash}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

async function signIn(key: string) {
  await page.goto(`${server.url}/`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

describe('dashboard (e2e)', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await ensureBundle();
    // Each model answer takes 400 ms and a tenant runs one item at a time: progress visibly moves.
    provider = await startSlowProvider({ delayMs: 400 });
    server = await startServer({
      env: { AI_PROVIDER: 'openai', OPENAI_BASE_URL: provider.baseUrl, OPENAI_MODEL: SLOW_MODEL, TENANT_MAX_CONCURRENCY: '1' },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, headless: true });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // Chromium logs each failed response as "Failed to load resource"; those are judged below, with their URL.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
    });
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (response.headers()['content-type']?.startsWith('text/event-stream')) streams.push(pathname);
      const expected = EXPECTED_REFUSALS.some((r) => r.status === response.status() && r.path === pathname);
      if (response.status() >= 400 && !expected) problems.push(`${response.status()} ${response.request().method()} ${pathname}`);
    });
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    if (process.env.E2E_DEBUG) console.log(server?.output());
    await server?.stop();
    await provider?.close();
  });

  it('serves the dashboard with a strict Content-Security-Policy and nosniff', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('signs in with the admin key and sets up a tenant with a key on the Admin page', { timeout: STEP }, async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('API key').waitFor();
    await shoot('sign-in');

    await signIn(server.adminKey);
    await open('#/admin', 'Admin');
    await page.getByLabel('Name', { exact: true }).fill(tenantName);
    // Three credits: enough for one small job, not for a second, bigger one.
    await page.getByRole('button', { name: 'Add a limit' }).click();
    await page.getByLabel('Meter', { exact: true }).fill('credits');
    await page.getByLabel('Limit', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Create tenant' }).click();

    const editor = page.locator('section', { has: page.getByRole('heading', { name: new RegExp(tenantName) }) });
    await editor.getByLabel('Key name').fill('e2e');
    await editor.getByRole('button', { name: 'Create key' }).click();
    tenantKey = await editor.getByLabel('New key').inputValue();
    expect(tenantKey).toMatch(/^tg_/);
    await editor.getByRole('button', { name: 'Copy key' }).click();
    await editor.getByText('Copied to the clipboard.').waitFor();
    await shoot('admin');
    await seedTenant();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
  });

  it('signs in as the tenant: name and tier in the header, key in sessionStorage, meters on Usage', { timeout: STEP }, async () => {
    await signIn(tenantKey);
    await expect(page.locator('.tenant-name').innerText()).resolves.toContain(tenantName);
    expect(await page.evaluate(() => sessionStorage.getItem('tollgate.key'))).toBe(tenantKey);

    await open('#/usage', /Usage/);
    const credits = page.locator('li.meter-card', { has: page.getByRole('heading', { name: 'credits', exact: true }) });
    await expect(credits.innerText()).resolves.toContain('0 of 3 used');
    await shoot('usage');
  });

  it('creates an optimization job and follows its progress to 100 % over SSE', { timeout: STEP }, async () => {
    await open('#/optimizer', 'Product optimizer');
    const firstProduct = page.getByRole('list', { name: 'Products' }).getByRole('checkbox').first();
    await firstProduct.waitFor();
    await firstProduct.check();
    await page.getByRole('checkbox', { name: 'Title', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Tags', exact: true }).check();
    await expect(page.getByTestId('required-credits').innerText()).resolves.toBe('2 credits');
    await expect(page.getByTestId('remaining-credits').innerText()).resolves.toBe('3');

    await page.getByRole('button', { name: 'Optimize for 2 credits' }).click();
    const created = page.locator('.notice-success');
    await created.getByText('Job created').waitFor();
    const jobId = await created.locator('.live-job a.mono').innerText();
    firstJobId = jobId;
    expect(jobId).toMatch(/^job_/);
    await expect(page.getByTestId('remaining-credits').innerText()).resolves.toBe('1');
    expect(await firstProduct.isChecked()).toBe(false);

    // The page reads the job when it mounts and when the stream opens, then only listens; an item takes
    // 400 ms, so a value strictly between 0 and 100 can only have come over SSE.
    const progress = page.getByRole('progressbar', { name: `Progress of ${jobId}` });
    const seen = new Set<number>();
    for (const deadline = Date.now() + 30_000; !seen.has(100); await page.waitForTimeout(50)) {
      if (Date.now() > deadline) throw new Error(`progress stuck at ${[...seen].join(', ')} %`);
      seen.add(Number(await progress.getAttribute('value')));
    }
    expect([...seen].some((value) => value > 0 && value < 100), `progress went ${[...seen].join(' → ')}`).toBe(true);
    expect(streams).toContain(`/v1/jobs/${jobId}/events`);
    await created.getByText('100 %').waitFor();
    await created.locator('.badge', { hasText: 'completed' }).waitFor({ timeout: 30_000 });
    await shoot('optimizer');

    await open('#/jobs', 'Jobs');
    await page.getByRole('link', { name: 'catalog optimization' }).first().waitFor();
    // The type filter lists the registered types by label and filters by name.
    await page.getByLabel('Job type').selectOption({ label: 'catalog optimization' });
    await page.getByRole('link', { name: 'catalog optimization' }).first().waitFor();
    await shoot('jobs');
    await page.getByRole('link', { name: 'catalog optimization' }).first().click();
    await page.getByRole('heading', { name: 'Items' }).waitFor();
    const items = page.getByRole('list', { name: 'Items' });
    await items.getByText('Canvas Tote Bag', { exact: true }).waitFor();
    await shoot('job-detail');

    // Applying writes the new texts into the catalog, as the seed's apply route does.
    await page.getByRole('button', { name: 'Apply 2 values to the catalog' }).click();
    await page.getByRole('status').filter({ hasText: /^Applied 2 values to the catalog on / }).waitFor();
    const catalog = (await (await fetch(`${server.url}/api/catalog/products?search=tote`, { headers: { authorization: `Bearer ${tenantKey}` } })).json()) as {
      data: { title: string; attributes: Record<string, string> }[];
    };
    expect(catalog.data[0]?.title).toBe('Canvas Tote Bag');
    expect(catalog.data[0]?.attributes.tags).toMatch(/canvas/);
  });

  it('says how many credits are missing when they run out (402)', { timeout: STEP }, async () => {
    await open('#/optimizer', 'Product optimizer');
    await page.getByRole('list', { name: 'Products' }).getByRole('checkbox').first().waitFor();
    await page.getByRole('checkbox', { name: /^Select all/ }).check();
    for (const attribute of ['Title', 'Description', 'SEO title', 'SEO description', 'Tags', 'Alt text']) {
      await page.getByRole('checkbox', { name: attribute, exact: true }).check();
    }
    await page.getByRole('button', { name: /^Optimize for/ }).click();

    const alert = page.getByRole('alert').filter({ hasText: 'Not enough credits' });
    await alert.waitFor();
    const text = await alert.innerText();
    const [, required, remaining, missing] = /needs (\d+) credits? but only (\d+) remains?: (\d+) credits? missing/.exec(text) ?? [];
    expect(Number(missing)).toBe(Number(required) - Number(remaining));
    expect(Number(missing)).toBeGreaterThan(0);
    await shoot('optimizer-402');
  });

  it('evaluates a lead with AI and shows the score', { timeout: STEP }, async () => {
    await open('#/leads', 'Leads');
    const card = page.locator('article.lead', { has: page.getByRole('button', { name: 'Evaluate with AI' }) }).first();
    await card.waitFor();
    const name = await card.getByRole('heading', { level: 2 }).innerText();
    await card.getByRole('button', { name: 'Evaluate with AI' }).click();

    const evaluated = page.locator('article.lead', { has: page.getByRole('heading', { level: 2, name, exact: true }) });
    const score = evaluated.getByTestId('score');
    await score.waitFor({ timeout: 60_000 });
    const value = Number(/Score (\d+)/.exec((await score.textContent()) ?? "")?.[1]);
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(100);
    await evaluated.getByText(/^Recommendation/).waitFor();
    // Evaluating again spends a unit: it asks first, and keeping the result spends nothing.
    await evaluated.getByRole('button', { name: 'Evaluate again' }).click();
    await evaluated.getByText(/uses one of this month’s evaluations/).waitFor();
    await shoot('leads-evaluate-again');
    await evaluated.getByRole('button', { name: 'Keep this result' }).click();
    await shoot('leads');
  });

  it('charts the day’s charges on Usage once jobs have run', { timeout: STEP }, async () => {
    await open('#/usage', /Usage/);
    const credits = page.locator('li.meter-card', { has: page.getByRole('heading', { name: 'credits', exact: true }) });
    await expect(credits.innerText()).resolves.toContain('2 of 3 used');
    await page.getByRole('img', { name: /Ledger of credits by day/ }).waitFor();
    await shoot('usage-after-jobs');
  });

  it('shows the tenant its webhook endpoints', { timeout: STEP }, async () => {
    await open('#/webhooks', 'Webhooks');
    await page.getByText('No webhook endpoints.').waitFor();
    await shoot('webhooks');
  });

  it('fits a 375 px screen on every page, without horizontal scrolling', { timeout: STEP }, async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    for (const [hash, heading, name] of [
      ['#/usage', /Usage/, 'usage-375'],
      ['#/jobs', 'Jobs', 'jobs-375'],
      ['#/optimizer', 'Product optimizer', 'optimizer-375'],
      ['#/leads', 'Leads', 'leads-375'],
      ['#/webhooks', 'Webhooks', 'webhooks-375'],
      [`#/jobs/${firstJobId}`, /catalog optimization/, 'job-detail-375'],
    ] as const) {
      await open(hash, heading);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${hash} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
      await shoot(name);
    }
  });

  it('shows an admin the job types and each tenant’s usage, at 375 px with Manage in view and at 1280 px', { timeout: STEP }, async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(server.adminKey);
    for (const [hash, heading, name] of [
      ['#/admin', 'Admin', 'admin-375'],
      ['#/job-types', 'Job types', 'job-types-375'],
    ] as const) {
      await open(hash, heading);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${hash} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
      if (hash === '#/admin') {
        const manage = await page.getByRole('button', { name: `Manage ${tenantName}` }).boundingBox();
        expect(manage && manage.x + manage.width, 'Manage is outside a 375 px screen').toBeLessThanOrEqual(375);
      }
      await shoot(name);
    }

    await page.setViewportSize({ width: 1280, height: 900 });
    await open('#/admin', 'Admin');
    const usage = page.getByRole('list', { name: new RegExp(`^Usage of ${tenantId()} in `) });
    await expect(usage.innerText()).resolves.toContain('credits 2 / 3');
    await shoot('admin-usage');
    await open('#/job-types', 'Job types');
    await page.getByText('catalog_optimization').first().waitFor();
    await shoot('job-types');
  });

  it('logged no errors: no exceptions, no CSP violations, no unexpected failed requests', () => {
    expect(problems).toEqual([]);
  });
});
