import { headerParam, headerRef, jsonContent, pathParam, queryParam, schemaRef, type ModuleDocument } from '../../http/kit.js';

/**
 * Seed 000's routes in `/openapi.json`, tagged apart: `{success: true, data}` when it works,
 * `{success: false, error, message}` (LeadError) when it does not, as the seed's clients read them.
 */
const TAG = 'seed: leads';
const error = (description: string, headers: string[] = []) => ({
  description,
  content: jsonContent(schemaRef('LeadError')),
  ...(headers.length ? { headers: Object.fromEntries(headers.map((h) => [h, headerRef(h)])) } : {}),
});
const ok = (description: string, data: object = { type: 'object' }, extra: Record<string, object> = {}) => ({
  description,
  content: jsonContent({ type: 'object', required: ['success', 'data'], properties: { success: { const: true }, data, ...extra } }),
});
const site = [headerParam('X-Site-Id', 'The site (a tenant) the request is for', true), headerParam('X-User-Id', 'The user making the request (at most 200 characters)', true)];
const body = { required: true, content: jsonContent({ type: 'object' }) };
const op = (operationId: string, summary: string, responses: Record<string, object>, parameters: object[], extra: object = {}) => ({
  operationId,
  summary,
  tags: [TAG],
  parameters: [...site, ...parameters],
  responses,
  ...extra,
});
const lead = pathParam('leadId');

export const leadDocument: ModuleDocument = {
  tag: TAG,
  errorSchema: 'LeadError',
  tags: [{ name: TAG, description: "Seed 000's leads and AI evaluation API, wire-compatible with its clients" }],
  schemas: {
    LeadError: {
      type: 'object',
      required: ['success', 'error'],
      properties: { success: { const: false }, error: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' }, errors: { type: 'array' } },
    },
  },
  paths: {
    '/api/ops/leads': {
      post: op('createLead', 'Create a lead', { 201: ok('Created'), 409: error('A lead with this id exists') }, [], { requestBody: body }),
      get: op('listLeads', 'List leads with their latest evaluation', { 200: ok('A page of leads', { type: 'array' }, { next_cursor: { type: ['string', 'null'] } }) }, [
        queryParam('status'),
        queryParam('limit'),
        queryParam('cursor'),
      ]),
    },
    '/api/ops/leads/{leadId}': {
      get: op('getLead', 'Get a lead', { 200: ok('The lead') }, [lead]),
      patch: op('updateLead', 'Change a lead', { 200: ok('The lead') }, [lead], { requestBody: body }),
    },
    '/api/ops/leads/{leadId}/ai-evaluation': {
      post: op(
        'requestLeadEvaluation',
        "Request an AI evaluation of a lead (charges the month's evaluation quota)",
        {
          201: ok('Admitted', { type: 'object' }, { usage: { type: 'object' } }),
          409: error('An evaluation is pending, or the lead was evaluated (send force_refresh)'),
          429: error('The monthly evaluation quota is used up, or held by running evaluations', ['RetryAfter']),
        },
        [lead],
        { requestBody: { required: false, content: jsonContent({ type: 'object' }) } },
      ),
      get: op('getLeadEvaluation', "The lead's latest evaluation", { 200: ok('The evaluation') }, [lead]),
    },
    '/api/ops/leads/{leadId}/ai-evaluation/{jobId}': {
      get: op('getLeadEvaluationJob', 'One evaluation job of the lead', { 200: ok('The evaluation') }, [lead, pathParam('jobId')]),
    },
  },
};
