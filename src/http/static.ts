import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** The dashboard's build output: `<repo>/dist/web`, whether this file runs from src/ (tsx) or dist/. */
export const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'web');
export const SWAGGER_ROOT = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const cache = new Map<string, Buffer | null>();

async function load(path: string): Promise<Buffer | null> {
  if (cache.has(path)) return cache.get(path)!;
  const content = await readFile(path).catch(() => null);
  if (cache.size < 500) cache.set(path, content);
  return content;
}

/** Serves `relative` from `root`, refusing anything that would step outside it. */
export async function serveFile(c: Context, root: string, relative: string, immutable = false): Promise<Response | undefined> {
  const path = normalize(join(root, relative));
  if (!path.startsWith(root)) return undefined;
  const content = await load(path);
  if (!content) return undefined;
  return c.body(new Uint8Array(content), 200, {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
}

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tollgate API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`;

export const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', persistAuthorization: true, tryItOutEnabled: true });`;

/** What the app serves from files: Swagger UI's and the dashboard's. The edge has no files (app.ts). */
export interface Pages {
  /** `GET /docs`: Swagger UI's page. */
  docsHtml: string;
  /** `GET /docs/<file>`: Swagger UI's files and our init.js. */
  docsFile(c: Context, file: string): Promise<Response | undefined>;
  /** A page of the dashboard (a GET no route claimed): its file, else index.html for client-side routes. */
  page(c: Context, path: string): Promise<Response>;
}

export const filePages: Pages = {
  docsHtml: DOCS_HTML,
  async docsFile(c, file) {
    if (file === 'init.js') return c.body(DOCS_INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' });
    return serveFile(c, SWAGGER_ROOT, file, true);
  },
  async page(c, path) {
    const file = path.startsWith('/assets/') ? await serveFile(c, WEB_ROOT, path, true) : await serveFile(c, WEB_ROOT, path);
    if (file) return file;
    const index = await serveFile(c, WEB_ROOT, 'index.html');
    return index ?? c.text('The dashboard is not built yet: run `npm run build`.', 404);
  },
};
