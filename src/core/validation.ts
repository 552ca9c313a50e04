import type { z } from 'zod';
import type { FieldIssue } from './errors.js';

/** zod issues as `{path, message}` with dotted paths (`input.items`), the shape problem documents carry. */
export function zodIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((p) => p !== undefined && p !== '').join('.') || '(body)',
    message: issue.message,
  }));
}
