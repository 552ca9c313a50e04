import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Clock } from '../core/clock.js';
import type { EtaEstimator } from '../core/eta.js';
import type { EventBus } from '../events.js';
import type { JobTypeRegistry } from '../core/job-types.js';
import type { Authenticator } from '../core/keys.js';
import type { Store } from '../store/db.js';
import type { Metrics } from '../metrics.js';
import type { FailureLimiter } from './auth.js';

/** Everything a route may use, passed in by the composition root (main.ts). */
export interface AppDeps {
  store: Store;
  config: Config;
  clock: Clock;
  registry: JobTypeRegistry;
  events: EventBus;
  eta: EtaEstimator;
  auth: Authenticator;
  limiter: FailureLimiter;
  logger: Logger;
  metrics: Metrics;
}
