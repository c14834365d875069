/**
 * How each feature of manifests/features.json reads in a driver text ("6 escalations in 90 days").
 * The manifest carries units and descriptions but no short labels, so the phrases live here, keyed by
 * feature name; a test fails when a manifest feature has no phrase or a phrase has no feature.
 */

export interface FeaturePhrase {
  /** The value in words, units included. */
  value: (v: number) => string;
  /** What a missing value means. */
  missing: string;
}

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const dec = (v: number) => (Math.abs(v) >= 10 ? int(v) : v.toFixed(1));
const signed = (v: number, text = dec(v)) => (v > 0 ? `+${text}` : v < 0 ? text : '±0');
const pct = (v: number) => `${Math.round(v * 100)}%`;
const signedPct = (v: number) => signed(v, pct(v));
const usd = (v: number) => `$${int(v)}`;
const count = (v: number, one: string, many = `${one}s`) => `${int(v)} ${Math.round(v) === 1 ? one : many}`;
const days = (v: number) => count(v, 'day');

const phrases: Record<string, FeaturePhrase> = {
  // Health trend
  pulse: { value: (v) => `health score ${int(v)}`, missing: 'no health score' },
  pulse_change_30d: { value: (v) => `health ${signed(v)} pts in 30 days`, missing: 'no health score 30 days ago' },
  pulse_change_90d: { value: (v) => `health ${signed(v)} pts in 90 days`, missing: 'no health score 90 days ago' },
  pulse_volatility_90d: { value: (v) => `health swinging ±${dec(v)} pts over 90 days`, missing: 'too little health history' },
  // Product usage
  active_users_30d: { value: (v) => `${dec(v)} daily active users`, missing: 'no usage data' },
  seat_utilisation_30d: { value: (v) => `${pct(v)} of seats active`, missing: 'no seat utilisation' },
  active_users_trend_30d: { value: (v) => `active users ${signedPct(v)} in 30 days`, missing: 'no earlier usage to compare' },
  active_users_trend_90d: { value: (v) => `active users ${signedPct(v)} in 90 days`, missing: 'no earlier usage to compare' },
  active_days_30d: { value: (v) => `active on ${int(v)} of 30 days`, missing: 'no usage data' },
  sessions_per_user_30d: { value: (v) => `${dec(v)} sessions per user-day`, missing: 'no sessions recorded' },
  events_per_user_30d: { value: (v) => `${dec(v)} events per user-day`, missing: 'no events recorded' },
  usage_volatility_90d: { value: (v) => `daily users varying ${pct(v)}`, missing: 'no usage data' },
  days_since_last_activity: { value: (v) => `last activity ${days(v)} ago`, missing: 'no activity on record' },
  // Support
  tickets_30d: { value: (v) => `${count(v, 'ticket')} in 30 days`, missing: 'no ticket data' },
  tickets_90d: { value: (v) => `${count(v, 'ticket')} in 90 days`, missing: 'no ticket data' },
  high_priority_tickets_90d: { value: (v) => `${count(v, 'high-priority ticket')} in 90 days`, missing: 'no ticket data' },
  escalations_90d: { value: (v) => `${count(v, 'escalation')} in 90 days`, missing: 'no ticket data' },
  open_tickets: { value: (v) => count(v, 'open ticket'), missing: 'no ticket data' },
  median_hours_to_first_response_90d: { value: (v) => `first response in ${dec(v)} h`, missing: 'no ticket answered in 90 days' },
  median_hours_to_resolve_90d: { value: (v) => `resolution in ${dec(v)} h`, missing: 'no ticket resolved in 90 days' },
  csat_avg_180d: { value: (v) => `CSAT ${v.toFixed(1)}/5`, missing: 'no CSAT in 180 days' },
  low_csat_tickets_180d: { value: (v) => `${count(v, 'low CSAT rating')} in 180 days`, missing: 'no CSAT in 180 days' },
  ticket_trend_90d: { value: (v) => `tickets ${signed(v, int(v))} on the previous 90 days`, missing: 'no ticket data' },
  tickets_per_100_seats_90d: { value: (v) => `${dec(v)} tickets per 100 seats in 90 days`, missing: 'no seat count' },
  // Stakeholder engagement
  emails_30d: { value: (v) => `${count(v, 'email')} in 30 days`, missing: 'no email data' },
  meetings_90d: { value: (v) => `${count(v, 'meeting')} in 90 days`, missing: 'no meeting data' },
  calls_90d: { value: (v) => `${count(v, 'call')} in 90 days`, missing: 'no call data' },
  inbound_share_90d: { value: (v) => `${pct(v)} of conversations from the customer`, missing: 'no two-way conversation in 90 days' },
  executive_touches_90d: { value: (v) => `${count(v, 'executive touch', 'executive touches')} in 90 days`, missing: 'no engagement data' },
  contacts_engaged_90d: { value: (v) => `${count(v, 'contact')} engaged in 90 days`, missing: 'no engagement data' },
  engagement_trend_90d: { value: (v) => `engagement ${signedPct(v)} on the previous 90 days`, missing: 'no earlier engagement to compare' },
  days_since_last_meeting: { value: (v) => `last meeting ${days(v)} ago`, missing: 'no meeting on record' },
  days_since_last_executive_touch: { value: (v) => `last executive touch ${days(v)} ago`, missing: 'no executive contact on record' },
  days_since_last_inbound: { value: (v) => `last customer reply ${days(v)} ago`, missing: 'no customer reply on record' },
  sponsor_present: { value: (v) => (v >= 0.5 ? 'executive sponsor in place' : 'no executive sponsor'), missing: 'sponsor unknown' },
  champion_present: { value: (v) => (v >= 0.5 ? 'champion in place' : 'no champion'), missing: 'champion unknown' },
  // Feature adoption
  distinct_features_30d: { value: (v) => `${dec(v)} features used per active day`, missing: 'no feature usage data' },
  advanced_features_30d: { value: (v) => `${dec(v)} advanced features per active day`, missing: 'no feature usage data' },
  advanced_share_30d: { value: (v) => `${pct(v)} of feature use advanced`, missing: 'no feature usage data' },
  peak_distinct_features_90d: { value: (v) => `up to ${count(v, 'feature')} on one day`, missing: 'no feature usage data' },
  feature_breadth_trend_90d: { value: (v) => `feature breadth ${signedPct(v)} in 90 days`, missing: 'no earlier feature usage to compare' },
  advanced_features_change_90d: { value: (v) => `advanced features ${signed(v)} per day in 90 days`, missing: 'no earlier feature usage to compare' },
  // Payment and contract
  arr: { value: (v) => `ARR ${usd(v)}`, missing: 'no ARR' },
  seats: { value: (v) => count(v, 'seat'), missing: 'no seat count' },
  arr_per_seat: { value: (v) => `${usd(v)} per seat`, missing: 'no price per seat' },
  days_to_renewal: { value: (v) => (v >= 0 ? `renewal in ${days(v)}` : `renewal date passed ${days(-v)} ago`), missing: 'no renewal date' },
  tenure_days: { value: (v) => `customer for ${count(v / 30.44, 'month')}`, missing: 'no contract start' },
  contract_term_months: { value: (v) => `${int(v)}-month contract`, missing: 'no contract term' },
  arr_change_365d: { value: (v) => `ARR ${signedPct(v)} in 12 months`, missing: 'no ARR a year ago' },
  seat_change_180d: { value: (v) => `seats ${signedPct(v)} in 6 months`, missing: 'no seat count 6 months ago' },
  days_past_due: { value: (v) => (v > 0 ? `invoice ${days(v)} past due` : 'payments current'), missing: 'no payment data' },
  open_upsell_pipeline: { value: (v) => (v > 0 ? `${usd(v)} open upsell pipeline` : 'no open upsell pipeline'), missing: 'no pipeline data' },
  won_upsell_365d: { value: (v) => (v > 0 ? `${usd(v)} upsell won in 12 months` : 'no upsell won in 12 months'), missing: 'no deal data' },
};

/** Every feature with a phrase (the manifest must list exactly these). */
export const PHRASED_FEATURES: readonly string[] = Object.keys(phrases);

/** A feature's value in words; NaN reads as the feature's missing text. */
export function describeFeature(feature: string, value: number): string {
  const phrase = phrases[feature];
  if (!phrase) throw new Error(`no phrase for feature ${feature}`);
  return Number.isFinite(value) ? phrase.value(value) : phrase.missing;
}
