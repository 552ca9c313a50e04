import { fairStartOver, jobRollUpOver, type Fragments } from './fragments.js';

// PostgreSQL's words: casts where a parameter's type cannot be inferred, jsonb operators for the
// limits, GREATEST, json_build_object.
export const pgSql: Fragments = {
  param: (name, pgType) => `:${name}::${pgType}`,
  effectiveLimit: (tenant, meter, tierLimits) => `COALESCE((${tenant}.limits::jsonb ->> ${meter})::bigint, (${tierLimits} -> ${tenant}.tier ->> ${meter})::bigint, 0)`,
  keyLimit: (key, meter) => `(${key}.limits::jsonb ->> ${meter})::bigint`,
  fairStart: (tenant) => fairStartOver('GREATEST', tenant),
  jobRollUp: (counts) => jobRollUpOver((pairs) => `json_build_object(${pairs})::text`, counts),
};
