import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

/** Table types of this job type; times are epoch ms, JSON is TEXT, as in the core schema. */
export type LeadsTable = {
  tenant_id: string;
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** YYYY-MM-DD */
  move_in_date: string | null;
  monthly_income: number | null;
  desired_rent: number | null;
  household_size: number | null;
  desired_bedrooms: number | null;
  employment_status: string | null;
  /** 0, 1 or null (unknown). */
  has_pets: number | null;
  pets: string | null;
  notes: string | null;
  status: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
};

export type EvaluationsTable = {
  id: string;
  tenant_id: string;
  lead_id: string;
  job_id: string;
  score: number;
  recommendation: string;
  /** JSON `[{text, fields}]` */
  reasons: string;
  /** JSON `string[]` */
  risk_flags: string;
  model_version: string;
  requested_by: string | null;
  requested_at: number;
  started_at: number | null;
  created_at: number;
};

// A type alias, not an interface: `withTables` wants an index signature, which only aliases get implicitly.
export type LeadTables = {
  leads: LeadsTable;
  evaluations: EvaluationsTable;
};

export type LeadDatabase = Database & LeadTables;

/** The core database handle, seeing this module's tables too. */
export const withLeadTables = (db: Kysely<Database>): Kysely<LeadDatabase> => db.withTables<LeadTables>() as Kysely<LeadDatabase>;
