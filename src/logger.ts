import pino, { type Logger } from 'pino';

/** JSON logs. Secrets are redacted by path; keys never reach a log line in plain text. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'tollgate' },
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'key', 'secret', '*.key', '*.secret'], censor: '[redacted]' },
  });
}
