import type { Api } from '../api.js';
import type { Job, JobItem, JobStatus, Page } from '../types.js';

export interface JobFilter {
  status?: JobStatus | '';
  type?: string;
}

export const PAGE_SIZE = 25;
export const ITEMS_PAGE_SIZE = 100;

export function listJobs(api: Api, filter: JobFilter, cursor: string | null, signal?: AbortSignal): Promise<Page<Job>> {
  return api.get('/v1/jobs', {
    query: { status: filter.status, type: filter.type?.trim(), limit: PAGE_SIZE, cursor },
    ...(signal ? { signal } : {}),
  });
}

export function getJob(api: Api, id: string, signal?: AbortSignal): Promise<Job> {
  return api.get(`/v1/jobs/${encodeURIComponent(id)}`, signal ? { signal } : {});
}

export function listJobItems(api: Api, id: string, cursor: string | null, signal?: AbortSignal): Promise<Page<JobItem>> {
  return api.get(`/v1/jobs/${encodeURIComponent(id)}/items`, {
    query: { limit: ITEMS_PAGE_SIZE, cursor },
    ...(signal ? { signal } : {}),
  });
}

export function cancelJob(api: Api, id: string): Promise<Job> {
  return api.post(`/v1/jobs/${encodeURIComponent(id)}/cancel`);
}

/** Whether a job belongs on a list filtered this way. */
export function matchesFilter(job: Job, filter: JobFilter): boolean {
  if (filter.status && job.status !== filter.status) return false;
  const type = filter.type?.trim();
  return !type || job.type === type;
}
