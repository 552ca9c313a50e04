// Load, soak and setup traffic of this harness goes to this machine only: a server we started on
// the loopback interface. Anything else is refused before a socket is opened.
import { isIP } from 'node:net';

export function assertLoopback(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback =
    host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
  if (!loopback) throw new Error(`refusing to send benchmark traffic to ${url.host}: loopback targets only`);
}
