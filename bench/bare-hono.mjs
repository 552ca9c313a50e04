// The HTTP ceiling: a bare Hono app on @hono/node-server that parses a JSON body and answers it.
// Plain JavaScript, run by node without a loader, so it pays for nothing Tollgate's built server does not.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/x', async (c) => c.json(await c.req.json(), 201));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
process.on('SIGTERM', () => process.exit(0));
