import type { UsageDay } from './hubspot/portal-data.js';

/**
 * Sends the sandbox portfolio's product usage to Telltale through the public usage API
 * (POST /v1/usage/events) over HTTP, as a product analytics pipeline would:
 * - history as `Daily Usage Summary` track events (one per account-day, the warehouse-backfill form),
 *   packed into batches just under the 500 KB request limit;
 * - the most recent `rawDays` days (default 2) as raw Segment calls instead, wherever the exact raw
 *   form of an account-day stays small (see rawCalls): a `group` call per active user, then that day's
 *   `Session Started` and feature events (no group id: they map through their user), so the raw path
 *   runs in every sandbox start and the stored rollup equals the generated one either way.
 * A few requests run at once; 429 and 5xx answers and network errors are retried with exponential
 * backoff and jitter (honouring Retry-After). Every message id is deterministic, so a second run
 * changes nothing.
 */
export interface FeedSandboxUsageOptions {
  /** The Telltale service URL (the usage API is at `${baseUrl}/v1/usage/events`). */
  baseUrl: string;
  /** The sandbox tenant's usage write key. */
  writeKey: string;
  /** The usage history, read once, in any order. */
  days: Iterable<UsageDay>;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Called after each acknowledged batch with the account-days sent so far (and the total when known). */
  onProgress?: (sent: number, total?: number) => void;
  signal?: AbortSignal;
  /** How many of the latest days are sent as raw calls (default 2). */
  rawDays?: number;
  /**
   * Largest raw form sent (group calls + track calls) for one account-day (default 100). A recent day
   * whose exact raw form is bigger goes as a summary: ~50 calls per active user would turn a large
   * account's day into tens of thousands of calls.
   */
  maxRawCallsPerAccountDay?: number;
}

export interface FeedSandboxUsageResult {
  /** Calls sent (summaries, group, session and feature calls). */
  events: number;
  batches: number;
  /** Calls the API reported as matching no account. */
  unmapped: number;
  /** Calls the API reported as already stored. */
  duplicates: number;
  /** Recent account-days sent as raw calls (the rest went as summaries). */
  rawAccountDays: number;
  durationMs: number;
}

/** The usage API refused a batch for a reason a retry cannot fix (4xx other than 429), or gave up retrying. */
export class UsageFeedError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'UsageFeedError';
  }
}

const BATCH_BUDGET_BYTES = 500 * 1024 - 4 * 1024;
const MAX_ATTEMPTS = 8;

type Call = Record<string, unknown>;

export async function feedSandboxUsage(options: FeedSandboxUsageOptions): Promise<FeedSandboxUsageResult> {
  const started = performance.now();
  const url = `${options.baseUrl.replace(/\/+$/, '')}/v1/usage/events`;
  const authorization = `Basic ${Buffer.from(`${options.writeKey}:`).toString('base64')}`;
  const total = Array.isArray(options.days) ? options.days.length : undefined;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const rawCap = options.maxRawCallsPerAccountDay ?? 100;
  const result: FeedSandboxUsageResult = { events: 0, batches: 0, unmapped: 0, duplicates: 0, rawAccountDays: 0, durationMs: 0 };
  let sentDays = 0;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;

  let parts: string[] = [];
  let bytes = 0;
  let daysInBatch = 0;

  const flush = async (): Promise<void> => {
    if (parts.length === 0) return;
    const body = `{"batch":[${parts.join(',')}]}`;
    const calls = parts.length;
    const days = daysInBatch;
    parts = [];
    bytes = 0;
    daysInBatch = 0;
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failure !== undefined) throw failure;
    const request = postBatch(url, authorization, body, options.signal)
      .then((answer) => {
        result.events += calls;
        result.batches += 1;
        result.unmapped += answer.unmapped;
        result.duplicates += answer.duplicates;
        sentDays += days;
        options.onProgress?.(sentDays, total);
      })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };

  const append = async (calls: Call[]): Promise<void> => {
    for (const call of calls) {
      const text = JSON.stringify(call);
      const size = Buffer.byteLength(text) + 1;
      if (bytes + size > BATCH_BUDGET_BYTES) await flush();
      parts.push(text);
      bytes += size;
    }
    daysInBatch += 1;
  };

  const recent = new RecentDays(options.rawDays ?? 2);
  for (const day of options.days) {
    options.signal?.throwIfAborted();
    for (const older of recent.add(day)) await append([summaryCall(older)]);
  }
  for (const day of recent.drain()) {
    const calls = rawCalls(day, rawCap);
    if (calls) result.rawAccountDays += 1;
    await append(calls ?? [summaryCall(day)]);
  }
  await flush();
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

/**
 * Holds back the account-days of the latest `count` days seen so far, in one pass over a stream in
 * any order; add() returns the rows that fell out of that window (to be sent as summaries).
 */
export class RecentDays {
  private latest = '';
  private readonly held = new Map<string, UsageDay[]>();

  constructor(private readonly count: number) {}

  add(row: UsageDay): UsageDay[] {
    if (this.count <= 0) return [row];
    if (row.day > this.latest) this.latest = row.day;
    const cutoff = shiftDay(this.latest, -(this.count - 1));
    if (row.day < cutoff) return [row];
    const list = this.held.get(row.day) ?? [];
    list.push(row);
    this.held.set(row.day, list);
    const released: UsageDay[] = [];
    for (const [day, rows] of this.held) {
      if (day >= cutoff) continue;
      released.push(...rows);
      this.held.delete(day);
    }
    return released;
  }

  drain(): UsageDay[] {
    const rows = [...this.held.entries()].sort(([a], [b]) => a.localeCompare(b)).flatMap(([, list]) => list);
    this.held.clear();
    return rows;
  }
}

const shiftDay = (day: string, days: number): string => new Date(Date.parse(day) + days * 86_400_000).toISOString().slice(0, 10);

/** One account-day as the warehouse-backfill form. */
export function summaryCall(day: UsageDay): Call {
  return {
    type: 'track',
    anonymousId: 'usage-warehouse',
    groupId: day.groupKey,
    event: 'Daily Usage Summary',
    timestamp: day.day,
    messageId: `sandbox-summary-${day.groupKey}-${day.day}`,
    properties: {
      active_users: day.activeUsers,
      sessions: day.sessions,
      events: day.events,
      features: day.features,
      advanced_features: day.advancedFeatures,
    },
  };
}

/**
 * One account-day as raw Segment calls whose rollup is exactly the day's numbers, or null when the
 * day cannot be told that way within `maxCalls` calls. User i is `<companyId>-user-<i>`; each active
 * user gets a `group` call into the account; the day's `events` track calls go round-robin over the
 * users, the first `sessions` of them `Session Started`, the rest `Feature Used` cycling through the
 * features (advanced ones flagged). Track calls carry no group id: they map through their user.
 */
export function rawCalls(day: UsageDay, maxCalls: number): Call[] | null {
  const users = day.activeUsers;
  const advanced = new Set(day.advancedFeatures);
  const features = [...new Set([...day.features, ...day.advancedFeatures])];
  const featureEvents = day.events - day.sessions;
  const exact =
    users > 0 &&
    day.events >= users &&
    featureEvents >= features.length &&
    (features.length > 0 || featureEvents === 0) &&
    users + day.events <= maxCalls;
  if (!exact) return null;
  const calls: Call[] = [];
  const userId = (i: number) => `${day.companyId}-user-${i}`;
  const at = (k: number) => `${day.day}T${String(6 + (k % 14)).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}:${String(Math.floor(k / 60) % 60).padStart(2, '0')}.000Z`;
  for (let i = 0; i < users; i += 1) {
    calls.push({ type: 'group', userId: userId(i), groupId: day.groupKey, timestamp: at(i), messageId: `sandbox-group-${day.companyId}-${i}-${day.day}` });
  }
  for (let j = 0; j < day.events; j += 1) {
    const base = { type: 'track', userId: userId(j % users), timestamp: at(j), messageId: `sandbox-event-${day.companyId}-${day.day}-${j}` };
    if (j < day.sessions) {
      calls.push({ ...base, event: 'Session Started' });
      continue;
    }
    const feature = features[(j - day.sessions) % features.length] as string;
    calls.push({ ...base, event: 'Feature Used', properties: advanced.has(feature) ? { feature, advanced: true } : { feature } });
  }
  return calls;
}

interface BatchAnswer {
  unmapped: number;
  duplicates: number;
}

async function postBatch(url: string, authorization: string, body: string, signal: AbortSignal | undefined): Promise<BatchAnswer> {
  for (let attempt = 1; ; attempt += 1) {
    let status: number | null = null;
    let retryAfterMs: number | undefined;
    let detail: string;
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body, signal: signal ?? null });
      status = response.status;
      const text = await response.text();
      if (response.ok) return parseAnswer(text);
      detail = text.slice(0, 500);
      if (status !== 429 && status < 500) throw new UsageFeedError(`usage API refused a batch with ${status}: ${detail}`, status);
      const retryAfter = Number(response.headers.get('retry-after'));
      if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = retryAfter * 1000;
    } catch (error) {
      if (error instanceof UsageFeedError || signal?.aborted) throw error;
      detail = error instanceof Error ? error.message : String(error);
    }
    if (attempt >= MAX_ATTEMPTS) throw new UsageFeedError(`usage API still failing after ${attempt} attempts (last: ${status ?? 'network error'} ${detail})`, status);
    const backoff = Math.min(10_000, 250 * 2 ** (attempt - 1));
    await sleep(retryAfterMs ?? backoff / 2 + Math.random() * (backoff / 2), signal);
  }
}

function parseAnswer(text: string): BatchAnswer {
  const answer: unknown = JSON.parse(text);
  const count = (key: string): number => {
    if (!answer || typeof answer !== 'object' || !(key in answer)) return 0;
    const value: unknown = (answer as Record<string, unknown>)[key];
    return typeof value === 'number' ? value : 0;
  };
  return { unmapped: count('unmapped'), duplicates: count('duplicates') };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
