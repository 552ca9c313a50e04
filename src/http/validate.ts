import type { Hook } from '@hono/zod-openapi';
import type { z } from 'zod';
import { TollgateError } from '../core/errors.js';
import { zodIssues } from '../core/validation.js';

/** A required JSON body for createRoute. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });

/** Every /v1 validation failure becomes one `validation_failed` problem listing each field path. */
export const validationHook: Hook<any, any, any, any> = (result) => {
  if (!result.success) {
    const target = (result as { target?: string }).target;
    const prefix = target === 'json' ? undefined : target === 'param' ? 'path' : target;
    throw new TollgateError('validation_failed', 'The request is invalid', { errors: zodIssues(result.error as z.ZodError, prefix) });
  }
};
