import { z } from 'zod';
import type { Selectable } from 'kysely';
import { EMPLOYMENT_STATUSES, LeadForEvaluation } from './model.js';
import type { LeadsTable } from './schema.js';

/** Where a lead stands in the site's pipeline. Evaluation never changes it: a person does. */
export const LEAD_STATUSES = ['new', 'contacted', 'tour_scheduled', 'qualified', 'application_sent', 'approved', 'rejected', 'archived'] as const;
export const LeadStatus = z.enum(LEAD_STATUSES);
export type LeadStatus = z.infer<typeof LeadStatus>;

export type Lead = Selectable<LeadsTable>;

// Email and phone are not rejected when malformed: leads arrive from forms as typed, and the
// evaluation flags them (invalid_email, invalid_phone) for a person to follow up.
const text = (max: number) => z.string().trim().max(max).nullable();
const amount = z.number().nonnegative().max(1_000_000_000).nullable();

const LeadFields = z.object({
  name: z.string().trim().min(1).max(200),
  email: text(320),
  phone: text(50),
  move_in_date: z.iso.date().nullable(),
  monthly_income: amount,
  desired_rent: amount,
  household_size: z.int().min(1).max(100).nullable(),
  desired_bedrooms: z.int().min(0).max(50).nullable(),
  employment_status: z.enum(EMPLOYMENT_STATUSES).nullable(),
  has_pets: z.boolean().nullable(),
  pets: text(1000),
  notes: text(5000),
  status: LeadStatus,
});

/** `POST /api/ops/leads`. `id` is for imports that keep their own ids; otherwise one is generated. */
export const CreateLead = LeadFields.partial()
  .required({ name: true })
  .extend({ id: z.string().regex(/^lead_[A-Za-z0-9_-]{1,64}$/, 'must be lead_ followed by 1–64 letters, digits, _ or -').optional() })
  .strict();
export type CreateLead = z.infer<typeof CreateLead>;

/** `PATCH /api/ops/leads/:leadId`: any of the fields; null clears one (except name and status). */
export const UpdateLead = LeadFields.partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'at least one field is required' });
export type UpdateLead = z.infer<typeof UpdateLead>;

/** The columns a create or a patch writes. */
export function leadColumns(fields: Partial<z.infer<typeof LeadFields>>): Partial<LeadsTable> {
  const { has_pets, ...rest } = fields;
  return { ...rest, ...(has_pets !== undefined ? { has_pets: has_pets === null ? null : has_pets ? 1 : 0 } : {}) };
}

/** A lead's own fields as values: amounts as numbers, `has_pets` as a boolean (stored 0/1 for SQLite). */
export function leadValues(lead: Lead) {
  return {
    name: lead.name,
    email: lead.email,
    phone: lead.phone,
    move_in_date: lead.move_in_date,
    monthly_income: lead.monthly_income === null ? null : Number(lead.monthly_income),
    desired_rent: lead.desired_rent === null ? null : Number(lead.desired_rent),
    household_size: lead.household_size,
    desired_bedrooms: lead.desired_bedrooms,
    employment_status: lead.employment_status,
    has_pets: lead.has_pets === null ? null : Number(lead.has_pets) === 1,
    pets: lead.pets,
    notes: lead.notes,
  };
}

/** The lead as the model reads it. */
export function leadForEvaluation(lead: Lead): LeadForEvaluation {
  return LeadForEvaluation.parse({ id: lead.id, ...leadValues(lead) });
}
