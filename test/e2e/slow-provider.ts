/**
 * An OpenAI-compatible provider for the e2e test that answers with Tollgate's own local rules, slowly.
 *
 * Why: with AI_PROVIDER=local a two-item job is finished before the browser has drawn it, so the
 * page would only ever see 100 % and the test could not tell a live update from the first read.
 * Answering each request after `delayMs` (and one item at a time, TENANT_MAX_CONCURRENCY=1) makes
 * the progress move while the page watches. The answers are what the local optimizer and the local
 * lead model say, so the pages show realistic text; they reach the server the way a real model's do.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ATTRIBUTES, type Attribute } from '../../src/job-types/catalog-optimization/attributes.js';
import { optimizeAttributeLocally } from '../../src/job-types/catalog-optimization/optimizer.js';
import { evaluateLeadLocally, LeadForEvaluation } from '../../src/job-types/lead-evaluation/model.js';

export const SLOW_MODEL = 'e2e-slow-model';

export interface SlowProvider {
  /** For OPENAI_BASE_URL, e.g. `http://127.0.0.1:54321/v1`. */
  baseUrl: string;
  /** Chat completions answered so far. */
  answered(): number;
  close(): Promise<void>;
}

interface ChatRequest {
  messages: { role: string; content: string }[];
  response_format: { json_schema: { name: string } };
}

function answer(request: ChatRequest): unknown {
  const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
  const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
  if (request.response_format.json_schema.name === 'lead_evaluation') {
    const [, today = ''] = /^Today is (\d{4}-\d{2}-\d{2})\./.exec(user) ?? [];
    const shown = JSON.parse(user.slice(user.indexOf('{'))) as Record<string, unknown>;
    // The prompt says only whether email and phone were given; stand-ins keep "given" given.
    const lead = LeadForEvaluation.parse({
      ...shown,
      id: 'lead',
      name: '',
      email: shown.email ? 'applicant@example.com' : null,
      phone: shown.phone ? '+1 555 010 0000' : null,
    });
    const { score, recommendation, reasons, risk_flags } = evaluateLeadLocally(lead, { now: new Date(`${today}T12:00:00Z`) });
    return { score, recommendation, reasons: reasons.map(({ text, fields }) => ({ text, fields })), risk_flags };
  }
  const attribute = /^Attribute: (\w+),/m.exec(system)?.[1] as Attribute;
  if (!ATTRIBUTES.includes(attribute)) throw new Error(`no attribute in the prompt: ${system.slice(0, 200)}`);
  const language = /^Language: write in "([^"]+)"/m.exec(system)?.[1] ?? 'en';
  const product = JSON.parse(/^Product:\n([\s\S]*?)\n\nCurrent /.exec(user)?.[1] ?? '{}') as {
    title: string;
    description: string | null;
    attributes: Record<string, string>;
  };
  return { value: optimizeAttributeLocally({ product: { id: 'product', collectionIds: [], ...product }, attribute, language }).optimized };
}

export async function startSlowProvider({ delayMs }: { delayMs: number }): Promise<SlowProvider> {
  let answered = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        let status = 200;
        let payload: unknown;
        try {
          const content = JSON.stringify(answer(JSON.parse(body) as ChatRequest));
          payload = { id: 'chatcmpl-e2e', object: 'chat.completion', model: SLOW_MODEL, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }] };
          answered++;
        } catch (error) {
          // A 400 fails the item for good: a broken prompt shows up in the test instead of retrying quietly.
          status = 400;
          payload = { error: { message: `e2e provider: ${error instanceof Error ? error.message : String(error)}` } };
        }
        if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      }, delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    answered: () => answered,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
