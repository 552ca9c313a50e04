import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  body: { id: string; type: string; timestamp: string; data: any };
  /** The secrets (of those given) that verified this delivery, by the standardwebhooks package. */
  verifiedBy: string[];
}

/**
 * A loopback receiver that checks every request with the `standardwebhooks` package, as a customer's
 * would. `answer` picks the status of each request (default 200).
 */
export async function startReceiver(answer: (n: number, req: { id: string }) => number = () => 200) {
  const received: Received[] = [];
  let secrets: string[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const payload = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const verifiedBy = secrets.filter((s) => {
        try {
          new Webhook(s).verify(payload, headers);
          return true;
        } catch {
          return false;
        }
      });
      const id = headers['webhook-id']!;
      received.push({ id, body: JSON.parse(payload), verifiedBy });
      res.statusCode = answer(n++, { id });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    /** The secrets to verify with (set once the endpoint exists). */
    trust(...s: string[]) {
      secrets = s;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
