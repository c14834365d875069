/**
 * Emails, meetings, calls, notes and tasks between the account team and the customer. Cadence is set
 * by the segment's coverage model; replies, meeting attendance and executives' responsiveness follow
 * health and whether the sponsor is still there. Meetings sit at the customer's local business hours.
 */
import { DAY_MS } from './calendar.js';
import { clamp, streamFor, type Rng } from './random.js';
import type { Account, Contact, Engagement, EngagementType } from './model.js';
import type { LifecycleEvents } from './lifecycle.js';
import { SEGMENT_PROFILES } from './segments.js';
import { businessInstant } from './history.js';

const EMAIL_SUBJECTS = ['Checking in', 'Your quarterly review', 'New features this month', 'Follow-up from our call', 'Renewal timeline', 'Training resources', 'Re: seat count', 'Quick question'];
const MEETING_TITLES = ['Quarterly business review', 'Check-in', 'Onboarding session', 'Roadmap preview', 'Renewal discussion', 'Admin training'];
const NOTE_BY_SHOCK: Record<string, string> = {
  champion_left: 'Heard our main champion has left the company. Need a new point of contact.',
  sponsor_left: 'Exec sponsor moved on - new VP not yet engaged.',
  product_incident: 'Customer hit by the outage, escalated frustration on the call.',
  budget_cut: 'Budget freeze announced, they are reviewing all vendors.',
  reorganisation: 'Reorg underway; team structure changing, usage may dip.',
  competitor_evaluation: 'They are trialling a competitor in one department.',
  failed_rollout: 'Rollout to second team stalled, low adoption.',
  new_sponsor: 'New sponsor is enthusiastic, wants a roadmap session.',
  successful_rollout: 'Rollout completed successfully, great feedback.',
  new_team_adopts: 'Another team wants to start using the product.',
};
const ROUTINE_NOTES = ['call went ok', 'Sent deck after QBR.', 'cust asked about pricing for more seats', 'Follow up re: integrations', 'Good call, no concerns raised', 'Champion OOO until next month'];

function sponsorEngaged(account: Account, day: number): boolean {
  return !account.shocks.some((s) => (s.kind === 'champion_left' || s.kind === 'sponsor_left') && day >= s.day && day - s.day < 200);
}

export function drawEngagements(account: Account, events: LifecycleEvents, seed: number, windowStartDay: number, asOfDay: number): void {
  const rng = streamFor(seed, account.index, 'engagement');
  const profile = SEGMENT_PROFILES[account.segment];
  const lastMs = (asOfDay + 1) * DAY_MS - 1;
  const endDay = Math.min(asOfDay, account.churnDay ?? asOfDay);
  const execs = account.contacts.filter((c) => c.executive);
  const others = account.contacts.filter((c) => !c.executive);
  const all = account.contacts;
  const out: Engagement[] = [];
  const ownerAt = (day: number): string => {
    let owner = events.ownerChanges[0]?.ownerId ?? '';
    for (const c of events.ownerChanges) if (c.day <= day) owner = c.ownerId;
    return owner;
  };
  const push = (type: EngagementType, at: number, properties: Record<string, string>, contacts: Contact[], day: number): void => {
    if (at > lastMs) return;
    const late = rng.chance(0.1) ? rng.int(1, 14) * DAY_MS : rng.int(0, 3_600_000);
    const createdAt = Math.min(lastMs, at + late);
    out.push({ type, at, createdAt, updatedAt: Math.min(lastMs, createdAt + (rng.chance(0.2) ? rng.int(1, 30) * DAY_MS : 0)), ownerId: ownerAt(day), properties, contactKeys: contacts.map((c) => c.key) });
  };
  const visible = (day: number): Contact[] => all.filter((c) => c.createdAt <= day * DAY_MS);

  for (let week = Math.max(account.seriesStartDay, windowStartDay); week <= endDay; week += 7) {
    const health = account.health[week - account.seriesStartDay] ?? Number.NaN;
    if (Number.isNaN(health)) continue;
    const engaged = sponsorEngaged(account, week);
    const reach = visible(week);
    const reachExecs = execs.filter((c) => reach.includes(c));
    const reachOthers = others.filter((c) => reach.includes(c));
    const rate = (perYear: number): number => (perYear * 7) / 365;

    for (let n = rng.poisson(rate(profile.emailsPerYear)); n > 0; n--) {
      const day = week + rng.int(0, 6);
      const toExec = reachExecs.length > 0 && rng.chance(0.3);
      const person = toExec ? rng.pick(reachExecs) : reachOthers.length > 0 ? rng.pick(reachOthers) : reach[0];
      if (!person) continue;
      const sentAt = businessInstant(day, account.timeZone, rng, 7, 19);
      const subject = rng.pick(EMAIL_SUBJECTS);
      push('emails', sentAt, { hs_email_direction: 'EMAIL', hs_email_subject: subject, hs_email_from_email: 'csm@telltale-sandbox.example', hs_email_to_email: person.email }, [person], day);
      const replyChance = toExec ? (engaged ? 0.1 + 0.7 * health : 0.05) : 0.2 + 0.6 * health;
      if (rng.chance(clamp(replyChance, 0, 0.95))) {
        const replyAt = sentAt + Math.round(rng.logNormal(toExec ? 30 : 8, 1) * 3_600_000 * (1.6 - health));
        push('emails', replyAt, { hs_email_direction: 'INCOMING_EMAIL', hs_email_subject: `Re: ${subject}`, hs_email_from_email: person.email, hs_email_to_email: 'csm@telltale-sandbox.example' }, [person], day);
      }
    }
    for (let n = rng.poisson(rate(profile.meetingsPerYear) * (0.6 + 0.8 * health)); n > 0; n--) {
      const day = week + rng.int(0, 4);
      const attendees = reach.filter(() => rng.chance(0.3)).slice(0, 4);
      if (reachExecs.length > 0 && engaged && rng.chance(health)) attendees.push(rng.pick(reachExecs));
      const outcome = rng.weighted([['COMPLETED', 0.45 + 0.5 * health], ['NO_SHOW', 0.15 * (1 - health)], ['CANCELED', 0.1], ['RESCHEDULED', 0.1]] as const);
      push('meetings', businessInstant(day, account.timeZone, rng, 9, 17), { hs_meeting_title: rng.pick(MEETING_TITLES), hs_meeting_outcome: outcome }, attendees, day);
    }
    for (let n = rng.poisson(rate(profile.callsPerYear) * (1.4 - 0.6 * health)); n > 0; n--) {
      const day = week + rng.int(0, 4);
      const person = reach.length > 0 ? rng.pick(reach) : undefined;
      const inbound = rng.chance(0.15 + 0.3 * (1 - health));
      push('calls', businessInstant(day, account.timeZone, rng, 8, 18), { hs_call_direction: inbound ? 'INBOUND' : 'OUTBOUND', hs_call_duration: String(Math.round(rng.logNormal(9, 0.8) * 60_000)) }, person ? [person] : [], day);
    }
    for (let n = rng.poisson(rate(profile.notesPerYear)); n > 0; n--) {
      const day = week + rng.int(0, 6);
      push('notes', businessInstant(day, account.timeZone, rng), { hs_note_body: rng.pick(ROUTINE_NOTES) }, [], day);
    }
    for (let n = rng.poisson(rate(profile.tasksPerYear) * (1.5 - health)); n > 0; n--) {
      const day = week + rng.int(0, 6);
      pushTask(push, rng, day, asOfDay, account);
    }
  }
  for (const shock of account.shocks) {
    if (!shock.recorded || shock.day < windowStartDay || shock.day > endDay) continue;
    const day = shock.day + rng.int(3, 45);
    push('notes', businessInstant(day, account.timeZone, rng), { hs_note_body: NOTE_BY_SHOCK[shock.kind] ?? 'Account update.' }, [], day);
  }
  account.engagements = out.sort((a, b) => a.at - b.at);
}

function pushTask(
  push: (type: EngagementType, at: number, properties: Record<string, string>, contacts: Contact[], day: number) => void,
  rng: Rng,
  day: number,
  asOfDay: number,
  account: Account,
): void {
  const done = day < asOfDay - 14 ? rng.chance(0.9) : rng.chance(0.3);
  push('tasks', businessInstant(day, account.timeZone, rng), {
    hs_task_subject: rng.pick(['Follow up on usage drop', 'Schedule QBR', 'Send renewal quote', 'Check in with champion', 'Share training resources']),
    hs_task_status: done ? 'COMPLETED' : 'NOT_STARTED',
    hs_task_type: rng.pick(['TODO', 'CALL', 'EMAIL']),
  }, [], day);
}
