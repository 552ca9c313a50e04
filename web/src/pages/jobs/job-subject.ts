// What a job is about, when it names it: a lead evaluation carries its lead in `input.lead_id`
// (and as the job's subject); other types may set a subject of their own.

export interface JobSubject {
  term: string;
  value: string;
}

export function jobSubject(job: { input: unknown; subject: string | null }): JobSubject | null {
  const input = job.input;
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const leadId = (input as Record<string, unknown>).lead_id;
    if (typeof leadId === 'string' && leadId !== '') return { term: 'Lead', value: leadId };
  }
  return job.subject ? { term: 'Subject', value: job.subject } : null;
}
