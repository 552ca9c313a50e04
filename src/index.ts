/**
 * `tollgate` as a library: run the service inside your own Node process, with your own job types.
 *
 *   import { createTollgate, defineJobType } from 'tollgate';
 *
 * Importing this module has no side effects: nothing opens, listens or reads the environment until
 * `createTollgate` is called. The remote-worker client is `tollgate/worker`.
 */
export { createTollgate } from './main.js';
export type { AdmitRequest, Tollgate, TollgateOptions } from './main.js';

export { defineJobType, PermanentError } from './core/job-types.js';
export type { ActualOutcome, HandlerKind, JobType, JobTypeDefinition, JobTypeSource, PrepareContext, ProcessContext, WorkItem } from './core/job-types.js';
export type { JsonSchema } from './core/input-schema.js';
export type { DeclaredJobTypeInput } from './core/declaration.js';

export { ConfigError, loadConfig } from './config.js';
export type { Config } from './config.js';

export { TollgateError } from './core/errors.js';
export type { ErrorCode, FieldIssue } from './core/errors.js';
export type { AdmissionResult } from './core/admission.js';
export type { VerifyReport } from './core/verify.js';
