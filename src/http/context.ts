import type { Principal } from '../core/keys.js';

/** Only request-scoped values live on the context; dependencies arrive as arguments to the factories. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
  };
}
