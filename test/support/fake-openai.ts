/**
 * A real HTTP server on 127.0.0.1 that answers `POST /…/chat/completions`
 * from a script, so provider tests exercise sockets, timeouts and headers as
 * they happen in production. Each request takes the next scripted response;
 * an empty script answers 500 so a test that under-scripts fails loudly.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Wait this long before sending anything. */
  delayMs?: number;
  /** Drop the connection without answering. */
  destroy?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  receivedAt: number;
}

export interface FakeOpenAI {
  /** e.g. `http://127.0.0.1:54321/v1` */
  baseUrl: string;
  requests: RecordedRequest[];
  enqueue(...responses: ScriptedResponse[]): void;
  close(): Promise<void>;
}

/** A successful chat completion whose message content is `content` (JSON-encoded unless a string). */
export function completion(content: unknown, model = 'fake-model-2025'): ScriptedResponse {
  return {
    status: 200,
    body: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_750_000_000,
      model,
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          message: { role: 'assistant', content: typeof content === 'string' ? content : JSON.stringify(content) },
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    },
  };
}

/** A successful free-text chat completion reporting `usage`; `usage: null` leaves the field out. */
export function chatCompletion(
  text: string,
  usage: { prompt_tokens: number; completion_tokens: number } | null = { prompt_tokens: 12, completion_tokens: 4 },
  model = 'fake-model-2025',
  finishReason = 'stop',
): ScriptedResponse {
  const { body } = completion(text, model) as { body: { choices: { finish_reason: string }[]; usage?: unknown } };
  body.choices[0]!.finish_reason = finishReason;
  if (usage === null) delete body.usage;
  else body.usage = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
  return { status: 200, body };
}

export function apiError(status: number, message: string, headers: Record<string, string> = {}): ScriptedResponse {
  return { status, headers, body: { error: { message, type: 'fake_error', code: null } } };
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const queue: ScriptedResponse[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // Recorded as text.
      }
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        receivedAt: Date.now(),
      });

      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        return send(res, { status: 404, body: { error: { message: `no route for ${req.method} ${req.url}` } } });
      }
      const scripted = queue.shift() ?? apiError(500, 'fake-openai: no scripted response left');
      if (!scripted.delayMs) return send(res, scripted);
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(res, scripted);
      }, scripted.delayMs);
      timers.add(timer);
      res.on('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
    });
  });

  function send(res: ServerResponse, scripted: ScriptedResponse): void {
    if (res.destroyed) return;
    if (scripted.destroy) {
      res.socket?.destroy();
      return;
    }
    const payload =
      scripted.body === undefined ? '' : typeof scripted.body === 'string' ? scripted.body : JSON.stringify(scripted.body);
    res.writeHead(scripted.status ?? 200, { 'content-type': 'application/json', ...scripted.headers });
    res.end(payload);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...responses) => void queue.push(...responses),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
