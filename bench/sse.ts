// A minimal text/event-stream reader: enough to wait for one event on a job's stream.
import http from 'node:http';

import { assertLoopback } from './loopback.js';
import { Unavailable } from './unavailable.js';

export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * Opens `url` and resolves with the first event that satisfies `accept`, then closes the stream.
 * A 404 is Unavailable (route not built yet); other failures and the timeout reject.
 */
export function waitForEvent(
  url: string,
  /** The route as a template (`/v1/jobs/{id}/events`), for messages. */
  route: string,
  headers: Record<string, string>,
  accept: (event: ServerSentEvent) => boolean,
  timeoutMs: number,
): Promise<ServerSentEvent> {
  const target = new URL(url);
  assertLoopback(target);
  return new Promise((resolve, reject) => {
    const request = http.get(target, { headers: { ...headers, accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        const what = `GET ${route} answered ${response.statusCode}`;
        finish(response.statusCode === 404 ? new Unavailable(`${what} (not built yet)`) : new Error(what));
        return;
      }
      const parser = new EventParser();
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        for (const event of parser.push(chunk)) {
          if (accept(event)) return finish(undefined, event);
        }
      });
      response.on('end', () => finish(new Error(`the event stream of ${route} ended first`)));
    });
    const timer = setTimeout(() => finish(new Error(`no matching event on ${route} within ${timeoutMs} ms`)), timeoutMs);
    request.on('error', (error) => finish(error));
    let done = false;
    function finish(error?: Error, event?: ServerSentEvent): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      request.destroy();
      if (event) resolve(event);
      else reject(error);
    }
  });
}

/** Splits a stream into events at blank lines (WHATWG HTML §9.2.6), joining multi-line data. */
export class EventParser {
  private buffer = '';

  push(chunk: string): ServerSentEvent[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const events: ServerSentEvent[] = [];
    let boundary = this.buffer.indexOf('\n\n');
    while (boundary !== -1) {
      const block = this.buffer.slice(0, boundary);
      this.buffer = this.buffer.slice(boundary + 2);
      const event = parseBlock(block);
      if (event) events.push(event);
      boundary = this.buffer.indexOf('\n\n');
    }
    return events;
  }
}

function parseBlock(block: string): ServerSentEvent | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'event') event = value;
    else if (name === 'data') data.push(value);
  }
  return data.length === 0 ? undefined : { event, data: data.join('\n') };
}
