import type { Envelope } from './envelope.js';

const pascal = (code: string) => code.replace(/(^|_)([a-z])/g, (_, __, ch: string) => ch.toUpperCase());

/**
 * `/api` paths no job type claims (`/api` itself, `/api/nothing`). No seed owns them and a client of
 * either seed may land there, so the body carries the fields both read: seed 000's `success`, `error`
 * and `message`, seed 004's `code`.
 */
export const apiEnvelope: Envelope = {
  render: (c, { error, status, headers }) =>
    c.json({ success: false, error: pascal(error.code), code: error.code.toUpperCase(), message: error.message }, status as 400, headers),
};
