import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  EMPLOYMENT_STATUSES,
  LeadForEvaluation,
  RISK_FLAGS,
  evaluateLeadLocally,
  type Recommendation,
  type RiskFlag,
} from './model.js';

const now = new Date('2025-03-01T15:30:00Z');

function lead(fields: Partial<LeadForEvaluation>): LeadForEvaluation {
  return LeadForEvaluation.parse({ id: 'lead_1', name: 'Alex Doe', ...fields });
}

const complete = {
  email: 'alex@example.com',
  phone: '+1 (555) 010-2030',
};

interface Example {
  name: string;
  lead: LeadForEvaluation;
  score: number;
  recommendation: Recommendation;
  flags: RiskFlag[];
}

const examples: Example[] = [
  {
    name: 'strong applicant: 3× income, employed, moving in two weeks',
    lead: lead({
      ...complete,
      monthly_income: 6000,
      desired_rent: 2000,
      employment_status: 'employed',
      move_in_date: '2025-03-15',
      household_size: 2,
      desired_bedrooms: 1,
      has_pets: false,
    }),
    score: 100, // 40 + 15 + 15 + 15 + 10 + 5
    recommendation: 'approve',
    flags: [],
  },
  {
    name: 'self-employed with a cat, 2.7× income, moving in 75 days',
    lead: lead({
      ...complete,
      monthly_income: 5000,
      desired_rent: 1800,
      employment_status: 'self_employed',
      move_in_date: '2025-05-15',
      household_size: 3,
      desired_bedrooms: 2,
      has_pets: true,
      pets: '1 cat',
    }),
    score: 75, // 28 + 12 + 8 + 15 + 10 + 2
    recommendation: 'approve',
    flags: ['has_pets'],
  },
  {
    name: 'incomplete application with 2.25× income',
    lead: lead({
      email: 'sam@example.com',
      monthly_income: 4500,
      desired_rent: 2000,
      employment_status: 'employed',
      move_in_date: '2025-04-01',
    }),
    score: 53, // 15 + 15 + 15 + 8 + 0 + 0
    recommendation: 'review',
    flags: [],
  },
  {
    name: 'low income, unemployed, past date, overcrowded',
    lead: lead({
      phone: '555-0100',
      monthly_income: 2500,
      desired_rent: 2000,
      employment_status: 'unemployed',
      move_in_date: '2025-02-01',
      household_size: 5,
      desired_bedrooms: 2,
      has_pets: true,
    }),
    score: 10, // 0 + 0 + 0 + 8 + 0 + 2
    recommendation: 'decline',
    flags: ['income_below_2x_rent', 'unemployed', 'move_in_date_in_past', 'overcrowded', 'has_pets'],
  },
  {
    name: 'income missing, everything else in order',
    lead: lead({
      ...complete,
      desired_rent: 1500,
      employment_status: 'employed',
      household_size: 1,
      desired_bedrooms: 0,
      has_pets: false,
    }),
    score: 45, // 0 + 15 + 0 + 15 + 10 + 5
    recommendation: 'review',
    flags: ['missing_income'],
  },
  {
    name: 'high score but overcrowded: a person must look',
    lead: lead({
      ...complete,
      monthly_income: 9000,
      desired_rent: 2000,
      employment_status: 'employed',
      move_in_date: '2025-03-01',
      household_size: 5,
      desired_bedrooms: 2,
      has_pets: false,
    }),
    score: 90, // 40 + 15 + 15 + 15 + 0 + 5
    recommendation: 'review',
    flags: ['overcrowded'],
  },
  {
    name: 'unemployed with ample income: a person must look',
    lead: lead({
      ...complete,
      monthly_income: 7000,
      desired_rent: 2000,
      employment_status: 'unemployed',
      move_in_date: '2025-03-31',
      household_size: 2,
      desired_bedrooms: 2,
      has_pets: false,
    }),
    score: 85, // 40 + 0 + 15 + 15 + 10 + 5
    recommendation: 'review',
    flags: ['unemployed'],
  },
  {
    name: 'student moving in nine months, email mistyped',
    lead: lead({
      email: 'jo at example.com',
      phone: '0044 20 7946 0000',
      monthly_income: 3000,
      desired_rent: 1000,
      employment_status: 'student',
      move_in_date: '2025-12-01',
      household_size: 1,
      desired_bedrooms: 1,
      has_pets: false,
    }),
    score: 72, // 40 + 6 + 3 + 8 + 10 + 5
    recommendation: 'approve',
    flags: ['move_in_far_future', 'invalid_email'],
  },
  {
    name: 'nothing but a name',
    lead: lead({}),
    score: 0,
    recommendation: 'decline',
    flags: ['missing_income', 'missing_desired_rent', 'no_contact_method'],
  },
];

describe('evaluateLeadLocally', () => {
  it.each(examples)('$name → $score, $recommendation', ({ lead, score, recommendation, flags }) => {
    const evaluation = evaluateLeadLocally(lead, { now });
    expect(evaluation.score).toBe(score);
    expect(evaluation.recommendation).toBe(recommendation);
    expect(evaluation.risk_flags).toEqual(flags);
  });

  it('explains every point in readable sentences that name the fields they rest on', () => {
    expect(evaluateLeadLocally(examples[0]!.lead, { now }).reasons).toEqual([
      {
        text: 'Monthly income $6,000 is 3.0× the desired rent $2,000 (3× or more)',
        fields: ['monthly_income', 'desired_rent'],
        points: 40,
      },
      { text: 'Employed', fields: ['employment_status'], points: 15 },
      { text: 'Move-in date 2025-03-15 is in 14 days (within 60 days)', fields: ['move_in_date'], points: 15 },
      { text: 'Email given, phone given', fields: ['email', 'phone'], points: 15 },
      {
        text: '2 people for 1 bedroom (2 per bedroom, at most 2)',
        fields: ['household_size', 'desired_bedrooms'],
        points: 10,
      },
      { text: 'No pets', fields: ['has_pets'], points: 5 },
    ]);
  });

  it('words the weaker cases precisely', () => {
    const texts = evaluateLeadLocally(examples[3]!.lead, { now }).reasons.map((r) => r.text);
    expect(texts).toEqual([
      'Monthly income $2,500 is 1.2× the desired rent $2,000 (below 2×)',
      'Unemployed',
      'Move-in date 2025-02-01 is 28 days in the past',
      'Email missing, phone given',
      '5 people for 2 bedrooms (2.5 per bedroom, more than 2)',
      'Has pets (not described)',
    ]);
  });

  it('never rounds a ratio up into a better band', () => {
    const reason = evaluateLeadLocally(lead({ monthly_income: 5990, desired_rent: 2000 }), { now }).reasons[0]!;
    expect(reason).toMatchObject({ text: 'Monthly income $5,990 is 2.9× the desired rent $2,000 (2.5× to 3×)', points: 28 });
  });

  it('reads absent fields as null', () => {
    expect(LeadForEvaluation.parse({ id: 'l', name: 'n' }).monthly_income).toBeNull();
  });

  it('is deterministic, bounded, and its score is the sum of its reasons', () => {
    const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
    const arbitraryLead = fc.record({
      id: fc.constant('lead_p'),
      name: fc.string(),
      email: nullable(fc.oneof(fc.emailAddress(), fc.string())),
      phone: nullable(fc.string()),
      move_in_date: nullable(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      ),
      monthly_income: nullable(fc.double({ min: 0, max: 1e6, noNaN: true })),
      desired_rent: nullable(fc.double({ min: 0, max: 1e5, noNaN: true })),
      household_size: nullable(fc.integer({ min: 1, max: 20 })),
      desired_bedrooms: nullable(fc.integer({ min: 0, max: 10 })),
      employment_status: nullable(fc.constantFrom(...EMPLOYMENT_STATUSES)),
      has_pets: nullable(fc.boolean()),
      pets: nullable(fc.string()),
      notes: nullable(fc.string()),
    });
    fc.assert(
      fc.property(arbitraryLead, (raw) => {
        const parsed = LeadForEvaluation.parse(raw);
        const evaluation = evaluateLeadLocally(parsed, { now });
        expect(Number.isInteger(evaluation.score)).toBe(true);
        expect(evaluation.score).toBeGreaterThanOrEqual(0);
        expect(evaluation.score).toBeLessThanOrEqual(100);
        expect(evaluation.reasons.reduce((sum, r) => sum + r.points, 0)).toBe(evaluation.score);
        expect(evaluation.risk_flags.every((f) => RISK_FLAGS.includes(f))).toBe(true);
        expect(evaluateLeadLocally(parsed, { now })).toEqual(evaluation);
      }),
    );
  });
});
