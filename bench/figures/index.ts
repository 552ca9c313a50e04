import type { Figure } from '../figure.js';
import { admission } from './admission.js';
import { bigJob } from './big-job.js';
import { ceiling } from './ceiling.js';
import { edge } from './edge.js';
import { latencyIdle } from './latency-idle.js';
import { holds } from './holds.js';
import { list1m } from './list-1m.js';
import { remoteDrain } from './remote-drain.js';
import { rss } from './rss.js';
import { webhooks } from './webhooks.js';
import { workerDrain } from './worker-drain.js';

/** In report order. */
export const FIGURES: readonly Figure[] = [ceiling, admission, workerDrain, remoteDrain, holds, webhooks, edge, bigJob, latencyIdle, list1m, rss];
