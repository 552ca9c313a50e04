/**
 * An HTTP handler: Tollgate POSTs each item to the team's endpoint, signed as Standard Webhooks
 * specify, and the 2xx JSON answer is the item's result. The endpoint runs the work where the team
 * wants; Tollgate keeps the lease, the retries, the money and the fence.
 *
 * Answers: 2xx → success (the body is the result); 408, 425, 429, 5xx, a timeout or a refused
 * connection → transient, retried with backoff (at least `Retry-After`); 3xx → permanent (redirects
 * are not followed: an endpoint must not send Tollgate's signed request elsewhere); any other 4xx →
 * permanent, the item fails and its cost is refunded.
 */
import type { Clock } from '../core/clock.js';
import { PermanentError, type ProcessContext, type WorkItem } from '../core/job-types.js';
import { signedHeaders } from '../core/signing.js';

export interface HttpHandlerOptions {
  url: string;
  timeoutMs: number;
  secrets(): string[];
  clock: Clock;
  maxResultBytes: number;
}

const TRANSIENT = new Set([408, 425, 429]);

/** `Retry-After` as milliseconds: seconds, or an HTTP date. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

class TransientError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}

export function httpHandler(options: HttpHandlerOptions) {
  return async function process(item: WorkItem, context: ProcessContext): Promise<unknown> {
    const body = JSON.stringify({
      item: { id: item.id, job_id: item.jobId, tenant_id: item.tenantId, type: item.type, seq: item.seq, input: item.input, attempt: item.attempt },
    });
    // The same id on every delivery of one attempt: the endpoint can deduplicate a retried request.
    const headers = signedHeaders(options.secrets(), `msg_${item.id}_${item.attempt}`, options.clock.now(), body);
    const timeout = AbortSignal.timeout(options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(options.url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'tollgate' },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([context.signal, timeout]),
      });
    } catch (error) {
      if (context.signal.aborted) throw error;
      if (timeout.aborted) throw new TransientError(`${options.url} did not answer within ${options.timeoutMs} ms`);
      throw new TransientError(`${options.url} could not be reached: ${causeOf(error)}`);
    }
    const text = await readBounded(response, options.maxResultBytes);
    const status = response.status;
    if (status >= 200 && status < 300) {
      if (text === undefined) throw new PermanentError(`${options.url} answered ${status} with more than ${options.maxResultBytes} bytes`);
      if (text.trim() === '') return null;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new PermanentError(`${options.url} answered ${status} with a body that is not JSON`);
      }
    }
    const said = (text ?? '').slice(0, 500);
    if (status >= 500 || TRANSIENT.has(status)) {
      throw new TransientError(`${options.url} answered ${status}${said ? `: ${said}` : ''}`, retryAfterMs(response.headers.get('retry-after'), options.clock.now()));
    }
    if (status >= 300 && status < 400) throw new PermanentError(`${options.url} answered ${status} (a redirect, which Tollgate does not follow)`);
    throw new PermanentError(`${options.url} answered ${status}${said ? `: ${said}` : ''}`);
  };
}

/** The body as text, or undefined when it is longer than `max` bytes (the rest is not read). */
async function readBounded(response: Response, max: number): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
