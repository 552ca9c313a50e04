import { fairStartOver, jobRollUpOver, type Fragments } from './fragments.js';

// SQLite's words: JSON paths for the limits, MAX() of several values for the larger, json_object.
export const sqliteSql: Fragments = {
  param: (name) => `:${name}`,
  effectiveLimit: (tenant, meter, tierLimits) => `COALESCE(
    json_extract(${tenant}.limits, '$."' || ${meter} || '"'),
    json_extract(${tierLimits}, '$."' || ${tenant}.tier || '"."' || ${meter} || '"'),
    0)`,
  keyLimit: (key, meter) => `json_extract(${key}.limits, '$."' || ${meter} || '"')`,
  fairStart: (tenant) => fairStartOver('MAX', tenant),
  jobRollUp: (counts) => jobRollUpOver((pairs) => `json_object(${pairs})`, counts),
};
