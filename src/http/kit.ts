/**
 * The one door from job types into the HTTP layer: what a job type's routes need, and nothing else.
 * A job type imports `http/` through this file only (test/architecture/imports.test.ts checks it), so
 * that the layer's internals (the app, its middleware, the error handler) can change without them.
 */
export type { AppEnv } from './context.js';
export type { AppDeps } from './deps.js';
export type { Envelope, Refusal } from './envelopes/envelope.js';
export { actingTenant, budgetKey } from './tenant.js';
export { cursorShapes, decodeCursor, encodeCursor, iso } from './render.js';
export { admittedResponse, idempotencyKeyOf } from './admitted.js';
export { headerParam, headerRef, jsonContent, pathParam, queryParam, schemaRef, type ModuleDocument } from './contract.js';
