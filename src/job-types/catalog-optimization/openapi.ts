import { headerParam, headerRef, jsonContent, pathParam, queryParam, schemaRef, type ModuleDocument } from '../../http/kit.js';

/**
 * Seed 004's routes in `/openapi.json`, tagged apart: the seed's clients know these shapes, and its
 * errors are `{error, code, message}` (CatalogError), never a problem document. Bodies are described
 * at the level a seed client reads them; the job and product fields are the seed's (render.ts).
 */
const TAG = 'seed: catalog';
const error = (description: string, headers: string[] = []) => ({
  description,
  content: jsonContent(schemaRef('CatalogError')),
  ...(headers.length ? { headers: Object.fromEntries(headers.map((h) => [h, headerRef(h)])) } : {}),
});
const ok = (description: string, schema: object = { type: 'object' }) => ({ description, content: jsonContent(schema) });
const body = { required: true, content: jsonContent({ type: 'object' }) };
const op = (operationId: string, summary: string, responses: Record<string, object>, extra: object = {}) => ({ operationId, summary, tags: [TAG], responses, ...extra });
const id = { parameters: [pathParam('id')] };
const page = (field: string) => ({ type: 'object', required: [field, 'nextCursor'], properties: { [field]: { type: 'array', items: { type: 'object' } }, nextCursor: { type: ['string', 'null'] } } });
const upserted = { type: 'object', required: ['upserted'], properties: { upserted: { type: 'integer' } } };

export const catalogDocument: ModuleDocument = {
  tag: TAG,
  errorSchema: 'CatalogError',
  tags: [{ name: TAG, description: "Seed 004's catalog optimization API, wire-compatible with its clients" }],
  schemas: {
    CatalogError: {
      type: 'object',
      required: ['error', 'code', 'message'],
      properties: { error: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
    },
  },
  paths: {
    '/api/catalog/products': {
      put: op('putCatalogProducts', 'Upsert products', { 200: ok('Upserted', upserted) }, { requestBody: body }),
      get: op('listCatalogProducts', 'List products', { 200: ok('A page of products', page('data')) }, { parameters: [queryParam('limit'), queryParam('search'), queryParam('cursor')] }),
    },
    '/api/catalog/collections': {
      put: op('putCatalogCollections', 'Upsert collections', { 200: ok('Upserted', upserted) }, { requestBody: body }),
      get: op('listCatalogCollections', 'List collections', { 200: ok('The collections', { type: 'object', required: ['data'], properties: { data: { type: 'array' } } }) }),
    },
    '/api/credits': {
      get: op('getCatalogCredits', "This month's credits", {
        200: ok('Credits', { type: 'object', required: ['creditsTotal', 'creditsUsed', 'remaining', 'month'], properties: { creditsTotal: { type: 'integer' }, creditsUsed: { type: 'integer' }, remaining: { type: 'integer' }, month: { type: 'string' } } }),
      }),
    },
    '/api/jobs': {
      post: op(
        'createCatalogJob',
        'Start an optimization job',
        {
          201: { ...ok('Created'), headers: { IdempotentReplayed: headerRef('IdempotentReplayed') } },
          402: error('Not enough credits (or held by running jobs)', ['RetryAfter']),
          409: error('A request with this Idempotency-Key is in flight', ['RetryAfter']),
          422: error('The Idempotency-Key was used with another body'),
        },
        { requestBody: body, parameters: [headerParam('Idempotency-Key', 'Makes retries safe (RFC 8941 sf-string, or a bare token)')] },
      ),
      get: op('listCatalogJobs', 'List optimization jobs', { 200: ok('A page of jobs', page('jobs')) }, { parameters: [queryParam('status'), queryParam('limit'), queryParam('cursor')] }),
    },
    '/api/jobs/{id}': { get: op('getCatalogJob', 'Get a job with its results', { 200: ok('The job') }, id) },
    '/api/jobs/{id}/items': { get: op('listCatalogJobItems', "List a job's items", { 200: ok('A page of items') }, { parameters: [pathParam('id'), queryParam('limit'), queryParam('cursor')] }) },
    '/api/jobs/{id}/cancel': { post: op('cancelCatalogJob', 'Cancel a job', { 200: ok('The cancelled job'), 409: error('The job is finished') }, id) },
    '/api/jobs/{id}/apply': { post: op('applyCatalogJob', "Write a job's results to the catalog", { 200: ok('Applied'), 409: error('The job cannot be applied (yet)') }, id) },
  },
};
