import type { Job, Lead, Me, Tenant } from '../types.js';

export const KEY = 'tg_0123456789abcdefghijABCDEFGHIJ01';

export const tenant: Tenant = {
  id: 'acme',
  name: 'Acme Shop',
  tier: 'free',
  limits: { catalog_credits: 100 },
  max_concurrency: null,
  created_at: '2026-11-01T00:00:00Z',
  updated_at: '2026-11-01T00:00:00Z',
};

export const tenantMe: Me = { key: { id: 'key_1', role: 'tenant', prefix: 'tg_0123', name: 'shop' }, tenant };
export const adminMe: Me = { key: { id: 'key_admin', role: 'admin', prefix: 'tg_adm1', name: 'root' }, tenant: null };

export function job(overrides: Partial<Job> = {}): Job {
  return {
    id: 'job_1',
    type: 'catalog_optimization',
    status: 'processing',
    subject: null,
    cost: 6,
    meter: 'catalog_credits',
    period: '2026-11',
    input: {},
    result: null,
    error: null,
    requested_by: 'key_1',
    progress: { items_total: 6, items_done: 3, items_failed: 0, items_cancelled: 0, percent: 50 },
    created_at: '2026-11-20T10:00:00Z',
    started_at: '2026-11-20T10:00:01Z',
    finished_at: null,
    estimated_completion: '2026-11-20T10:05:00Z',
    ...overrides,
  };
}

export function lead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: 'lead_1',
    site_id: 'acme',
    name: 'Dana Rivera',
    email: 'dana@example.com',
    phone: null,
    move_in_date: '2026-12-01',
    monthly_income: 5200,
    desired_rent: 1600,
    household_size: 2,
    desired_bedrooms: 1,
    employment_status: 'full_time',
    has_pets: false,
    pets: null,
    notes: null,
    status: 'new',
    created_at: '2026-11-19T09:00:00Z',
    updated_at: '2026-11-19T09:00:00Z',
    latest_evaluation: null,
    ...overrides,
  };
}
