import type { Api } from '../api.js';
import type { JobType } from '../types.js';

/** Every registered job type; an admin key also gets each handler's address and queue. */
export async function listJobTypes(api: Api, signal?: AbortSignal): Promise<JobType[]> {
  const page: { data: JobType[] } = await api.get('/v1/job-types', signal ? { signal } : {});
  return page.data;
}
