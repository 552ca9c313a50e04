import type { Config } from '../config.js';
import { echoModule } from './echo/index.js';
import type { JobTypeModule } from './module.js';

/** Every built-in job type. Types register here, at start-up, and nowhere else. */
export function builtInModules(_config: Config): JobTypeModule[] {
  return [echoModule];
}
