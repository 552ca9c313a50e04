/**
 * The local lead-evaluation model: a fixed table of rules that turns a lead
 * into a score, a recommendation and the reasons behind them.
 *
 * It runs without an AI provider, so it is free, instant and the same on
 * every run; a property manager can check every point by hand. The rules are
 * documented in docs/lead-evaluation.md ("The local model's rules"), which MUST change together
 * with this file (and LOCAL_MODEL_VERSION with any change of outcome).
 *
 * Invariant: the score is exactly the sum of the reasons' points.
 */
import { z } from 'zod';

export const LOCAL_MODEL_VERSION = 'tollgate-local-lead-v1';

export const EMPLOYMENT_STATUSES = ['employed', 'self_employed', 'unemployed', 'student', 'retired', 'other'] as const;

/** A lead as the evaluation sees it. Absent fields read as null. */
export const LeadForEvaluation = z.object({
  id: z.string().min(1),
  name: z.string(),
  email: z.string().nullable().default(null),
  phone: z.string().nullable().default(null),
  move_in_date: z.iso.date().nullable().default(null),
  monthly_income: z.number().nonnegative().nullable().default(null),
  desired_rent: z.number().nonnegative().nullable().default(null),
  household_size: z.int().positive().nullable().default(null),
  desired_bedrooms: z.int().nonnegative().nullable().default(null),
  employment_status: z.enum(EMPLOYMENT_STATUSES).nullable().default(null),
  has_pets: z.boolean().nullable().default(null),
  pets: z.string().nullable().default(null),
  notes: z.string().nullable().default(null),
});
export type LeadForEvaluation = z.infer<typeof LeadForEvaluation>;

export const LEAD_FIELDS = LeadForEvaluation.keyof().options;
export type LeadField = (typeof LEAD_FIELDS)[number];

export const RECOMMENDATIONS = ['approve', 'review', 'decline'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const RISK_FLAGS = [
  'missing_income',
  'missing_desired_rent',
  'income_below_2x_rent',
  'unemployed',
  'move_in_date_in_past',
  'move_in_far_future',
  'no_contact_method',
  'invalid_email',
  'invalid_phone',
  'overcrowded',
  'has_pets',
] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];

/** Flags a person must look at: with any of them the recommendation is at best `review`. */
export const REVIEW_REQUIRED_FLAGS: readonly RiskFlag[] = [
  'income_below_2x_rent',
  'unemployed',
  'move_in_date_in_past',
  'no_contact_method',
  'overcrowded',
];

export const APPROVE_MIN_SCORE = 70;
export const REVIEW_MIN_SCORE = 45;

export interface LeadReason {
  text: string;
  fields: LeadField[];
  points: number;
}

export interface LocalLeadEvaluation {
  /** Integer 0–100, the sum of `reasons[].points`. */
  score: number;
  recommendation: Recommendation;
  /** One per rule, always in the same order: income, employment, move-in, contact, household, pets. */
  reasons: LeadReason[];
  /** In RISK_FLAGS order. */
  risk_flags: RiskFlag[];
}

interface RuleResult {
  reason: LeadReason;
  flags: RiskFlag[];
}

type Rule = (lead: LeadForEvaluation, today: number) => RuleResult;

const DAY_MS = 86_400_000;

function result(text: string, fields: LeadField[], points: number, flags: RiskFlag[] = []): RuleResult {
  return { reason: { text, fields, points }, flags };
}

/** Affordability, up to 40 points. */
const income: Rule = ({ monthly_income: income, desired_rent: rent }) => {
  const fields: LeadField[] = ['monthly_income', 'desired_rent'];
  const noRent = rent === null || rent === 0;
  if (income === null && noRent) {
    return result('Monthly income and desired rent not given: affordability unknown', fields, 0, [
      'missing_income',
      'missing_desired_rent',
    ]);
  }
  if (income === null) return result('Monthly income not given: affordability unknown', fields, 0, ['missing_income']);
  if (noRent) return result('Desired rent not given: affordability unknown', fields, 0, ['missing_desired_rent']);

  const ratio = `${(Math.floor((income / rent) * 10) / 10).toFixed(1)}×`;
  const head = `Monthly income ${dollars(income)} is ${ratio} the desired rent ${dollars(rent)}`;
  if (income >= 3 * rent) return result(`${head} (3× or more)`, fields, 40);
  if (income >= 2.5 * rent) return result(`${head} (2.5× to 3×)`, fields, 28);
  if (income >= 2 * rent) return result(`${head} (2× to 2.5×)`, fields, 15);
  return result(`${head} (below 2×)`, fields, 0, ['income_below_2x_rent']);
};

const EMPLOYMENT: Record<(typeof EMPLOYMENT_STATUSES)[number], { points: number; text: string }> = {
  employed: { points: 15, text: 'Employed' },
  self_employed: { points: 12, text: 'Self-employed: income is harder to verify' },
  retired: { points: 12, text: 'Retired' },
  student: { points: 6, text: 'Student' },
  other: { points: 6, text: 'Employment status "other"' },
  unemployed: { points: 0, text: 'Unemployed' },
};

/** Source of income, up to 15 points. */
const employment: Rule = ({ employment_status: status }) => {
  if (status === null) return result('Employment status not given', ['employment_status'], 0);
  const { points, text } = EMPLOYMENT[status];
  return result(text, ['employment_status'], points, status === 'unemployed' ? ['unemployed'] : []);
};

/** Move-in horizon, up to 15 points. Days count from today's UTC date. */
const moveIn: Rule = ({ move_in_date: date }, today) => {
  const fields: LeadField[] = ['move_in_date'];
  const moveInMs = date === null ? Number.NaN : Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(moveInMs)) return result('Move-in date not given', fields, 0);
  const days = Math.round((moveInMs - today) / DAY_MS);
  if (days < 0) {
    return result(`Move-in date ${date} is ${plural(-days, 'day')} in the past`, fields, 0, ['move_in_date_in_past']);
  }
  const when = days === 0 ? 'is today' : `is in ${plural(days, 'day')}`;
  if (days <= 60) return result(`Move-in date ${date} ${when} (within 60 days)`, fields, 15);
  if (days <= 180) return result(`Move-in date ${date} ${when} (61 to 180 days)`, fields, 8);
  return result(`Move-in date ${date} ${when} (more than 180 days)`, fields, 3, ['move_in_far_future']);
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether the applicant can be reached, up to 15 points. */
const contact: Rule = ({ email, phone }) => {
  const fields: LeadField[] = ['email', 'phone'];
  const flags: RiskFlag[] = [];
  const describe = (label: string, value: string | null, valid: (v: string) => boolean, flag: RiskFlag) => {
    if (value === null || value.trim() === '') return { ok: false, text: `${label} missing` };
    if (valid(value.trim())) return { ok: true, text: `${label} given` };
    flags.push(flag);
    return { ok: false, text: `${label} not valid` };
  };
  const mail = describe('email', email, (v) => EMAIL.test(v), 'invalid_email');
  const tel = describe('phone', phone, validPhone, 'invalid_phone');
  const text = capitalize(`${mail.text}, ${tel.text}`);
  if (mail.ok && tel.ok) return result(text, fields, 15, flags);
  if (mail.ok || tel.ok) return result(text, fields, 8, flags);
  return result(text, fields, 0, [...flags, 'no_contact_method']);
};

/** 7 to 15 digits (E.164 allows at most 15), whatever the punctuation. */
function validPhone(value: string): boolean {
  if (!/^[+\d\s().\-/]+$/.test(value)) return false;
  const digits = value.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}

/** Occupancy against the unit asked for, up to 10 points; a studio counts as one bedroom. */
const household: Rule = ({ household_size: size, desired_bedrooms: bedrooms }) => {
  const fields: LeadField[] = ['household_size', 'desired_bedrooms'];
  if (size === null || bedrooms === null) return result('Household size or bedroom count not given', fields, 0);
  const perBedroom = size / Math.max(bedrooms, 1);
  const unit = bedrooms === 0 ? 'a studio' : plural(bedrooms, 'bedroom');
  const head = `${plural(size, 'person', 'people')} for ${unit} (${round2(perBedroom)} per bedroom`;
  if (perBedroom <= 2) return result(`${head}, at most 2)`, fields, 10);
  return result(`${head}, more than 2)`, fields, 0, ['overcrowded']);
};

/** Pets, up to 5 points. A description without has_pets counts as having pets. */
const pets: Rule = ({ has_pets: hasPets, pets: description }) => {
  const fields: LeadField[] = ['has_pets', 'pets'];
  const described = description?.trim() ? clip(description.trim().replace(/\s+/g, ' '), 60) : null;
  if (hasPets === false) return result('No pets', ['has_pets'], 5);
  if (hasPets === true || described !== null) {
    return result(described ? `Has pets: ${described}` : 'Has pets (not described)', fields, 2, ['has_pets']);
  }
  return result('Pets not stated', fields, 0);
};

const RULES: readonly Rule[] = [income, employment, moveIn, contact, household, pets];

/**
 * Scores a lead with the local rules. Pure: the same lead and the same day
 * always give the same evaluation.
 */
export function evaluateLeadLocally(lead: LeadForEvaluation, { now }: { now: Date }): LocalLeadEvaluation {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const results = RULES.map((rule) => rule(lead, today));
  const raised = new Set(results.flatMap((r) => r.flags));
  const risk_flags = RISK_FLAGS.filter((flag) => raised.has(flag));
  const score = results.reduce((sum, r) => sum + r.reason.points, 0);
  return {
    score,
    recommendation: recommend(score, risk_flags),
    reasons: results.map((r) => r.reason),
    risk_flags,
  };
}

export function recommend(score: number, flags: readonly RiskFlag[]): Recommendation {
  if (score < REVIEW_MIN_SCORE) return 'decline';
  if (score < APPROVE_MIN_SCORE || flags.some((flag) => REVIEW_REQUIRED_FLAGS.includes(flag))) return 'review';
  return 'approve';
}

function dollars(amount: number): string {
  const digits = Number.isInteger(amount) ? 0 : 2;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function round2(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
