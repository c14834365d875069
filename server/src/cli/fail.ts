import { ConfigError } from '../config/env.js';
import { RedisUnavailableError } from '../jobs/redis.js';

/** Prints one line for errors a user can fix (configuration, Redis), the message otherwise; exits non-zero. */
export function failAndExit(error: unknown): never {
  if (error instanceof ConfigError || error instanceof RedisUnavailableError) {
    console.error(`telltale: ${error.message}`);
    process.exit(2);
  }
  console.error(`telltale: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
