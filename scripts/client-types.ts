/**
 * The typed client's types, from the document the server serves with its built-in job types:
 * `npm run generate:client` writes them to src/client/api.ts (the build runs it first), and
 * test/http/http.client.test.ts fails when the committed file is not what this makes now.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { loadConfig } from '../src/config.js';
import { createTollgate } from '../src/main.js';

export const CLIENT_TYPES = fileURLToPath(new URL('../src/client/api.ts', import.meta.url));

/** `/openapi.json` of a fresh server on a throwaway SQLite file (no provider: the built-in types as shipped). */
export async function servedDocument(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-client-'));
  try {
    const config = loadConfig({ DATABASE_URL: `file:${join(dir, 'tollgate.db')}`, TOLLGATE_ADMIN_KEY: 'tg_generate_client_000000000000000', LOG_LEVEL: 'silent' });
    const tollgate = await createTollgate({ config });
    try {
      return (await (await tollgate.app.request('/openapi.json')).json()) as Record<string, unknown>;
    } finally {
      await tollgate.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function clientTypes(document: Record<string, unknown>): Promise<string> {
  // A default is what the server fills in for a field left out: optional to send, so not required in the types.
  const ast = await openapiTS(document as never, { alphabetize: true, defaultNonNullable: false });
  return `/* Generated from /openapi.json by scripts/client-types.ts (npm run generate:client): do not edit. */\n\n${astToString(ast)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const types = await clientTypes(await servedDocument());
  // Unchanged types are not rewritten: a newer file would make build-if-needed rebuild at every start.
  const current = existsSync(CLIENT_TYPES) ? readFileSync(CLIENT_TYPES, 'utf8') : '';
  if (types !== current) writeFileSync(CLIENT_TYPES, types);
  console.log(`${types === current ? 'unchanged' : 'wrote'} ${CLIENT_TYPES}`);
}
