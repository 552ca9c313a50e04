import type { Api, RequestOptions } from '../api.js';
import type { EvaluationJob, EvaluationRequested, Lead } from '../types.js';

// Seed 000 names the tenant a "site" (X-Site-Id) and wants the acting user (X-User-Id).
export interface LeadSite {
  tenantId: string;
  userId: string;
}

export function listLeads(
  api: Api,
  site: LeadSite,
  status: string,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<{ success: true; data: Lead[]; next_cursor: string | null }> {
  return api.get('/api/ops/leads', {
    ...siteOptions(site, signal),
    query: { status, limit: 50, cursor },
  });
}

export function requestEvaluation(
  api: Api,
  site: LeadSite,
  leadId: string,
  forceRefresh = false,
): Promise<{ success: true; data: EvaluationRequested; usage: { remaining: number; limit: number; month: string } }> {
  return api.post(
    `/api/ops/leads/${encodeURIComponent(leadId)}/ai-evaluation`,
    forceRefresh ? { force_refresh: true } : {},
    siteOptions(site),
  );
}

export function getEvaluation(
  api: Api,
  site: LeadSite,
  leadId: string,
  signal?: AbortSignal,
): Promise<{ success: true; data: EvaluationJob }> {
  return api.get(`/api/ops/leads/${encodeURIComponent(leadId)}/ai-evaluation`, siteOptions(site, signal));
}

function siteOptions(site: LeadSite, signal?: AbortSignal): RequestOptions {
  return {
    headers: { 'X-Site-Id': site.tenantId, 'X-User-Id': site.userId },
    ...(signal ? { signal } : {}),
  };
}
