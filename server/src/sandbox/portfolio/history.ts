/**
 * Writes of tracked company properties as the CRM records them: after the event, often the same
 * working day, sometimes days or weeks later (late updates), at a local business hour.
 */
import { localTimeToUtc, type TimeZone } from './calendar.js';
import type { Rng } from './random.js';
import type { TrackedCompanyProperty, ValueChange } from './model.js';

export function emptyHistory(): Record<TrackedCompanyProperty, ValueChange[]> {
  return { arr: [], licensed_seats: [], renewal_date: [], churn_date: [], lifecyclestage: [], hubspot_owner_id: [], days_past_due: [] };
}

/** Working days (mostly none) between an event and the CRM reflecting it. */
export function updateLag(rng: Rng): number {
  const r = rng.next();
  if (r < 0.6) return 0;
  if (r < 0.85) return rng.int(1, 3);
  return rng.int(4, 21);
}

/** A local business-hours instant on a day. */
export function businessInstant(day: number, zone: TimeZone, rng: Rng, fromHour = 8, toHour = 18): number {
  return localTimeToUtc(day, rng.int(fromHour, toHour - 1), rng.int(0, 59), zone) + rng.int(0, 59_999);
}

export class HistoryWriter {
  constructor(
    readonly history: Record<TrackedCompanyProperty, ValueChange[]>,
    private readonly zone: TimeZone,
    private readonly rng: Rng,
    private readonly lastInstant: number,
  ) {}

  /** Records a value change caused on `day`; `lagged` adds a realistic update delay. Dropped if not yet recorded by asOf. */
  write(property: TrackedCompanyProperty, day: number, value: string | null, lagged = true): void {
    const versions = this.history[property];
    const previous = versions[versions.length - 1];
    let at = businessInstant(day + (lagged ? updateLag(this.rng) : 0), this.zone, this.rng);
    if (previous && at <= previous.at) at = previous.at + 60_000;
    if (at > this.lastInstant) return;
    if (previous && previous.value === value) return;
    versions.push({ at, value });
  }
}
