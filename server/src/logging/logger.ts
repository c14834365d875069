import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths whose values never reach a log line. */
const redact = [
  'token',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'writeKey',
  'password',
  'authorization',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.writeKey',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
];

/** The process logger: JSON lines on stderr, secrets redacted. Child loggers carry tenant and job ids. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'telltale' }, redact: { paths: redact, censor: '[redacted]' } }, pino.destination(2));
}
