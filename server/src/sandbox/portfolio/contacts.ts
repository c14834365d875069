/**
 * An account's contacts over time: the buying committee at signing, replacements when a champion or
 * sponsor leaves (when the CRM hears of it), and people added as the account grows.
 */
import { DAY_MS } from './calendar.js';
import { streamFor } from './random.js';
import type { Account } from './model.js';
import { SEGMENT_PROFILES } from './segments.js';
import { drawInitialContacts, makeContact } from './people.js';

export function drawContacts(account: Account, seed: number, asOfDay: number): void {
  const rng = streamFor(seed, account.index, 'contacts');
  const [lo, hi] = SEGMENT_PROFILES[account.segment].contacts;
  const startMs = account.customerSinceDay * DAY_MS;
  const lastMs = (asOfDay + 1) * DAY_MS - 1;
  const contacts = drawInitialContacts(rng, rng.int(lo, hi), account.segment, account.domain, startMs);
  for (const shock of account.shocks) {
    if (!shock.recorded || shock.day < account.customerSinceDay) continue;
    if (shock.kind === 'champion_left' || shock.kind === 'sponsor_left') {
      const role = shock.kind === 'champion_left' ? 'CHAMPION' : 'EXECUTIVE_SPONSOR';
      const leaver = contacts.find((c) => c.roles.includes(role));
      if (leaver) {
        // The CRM learns late: the role is cleared and the title marked weeks after the person left.
        const at = (shock.day + rng.int(7, 60)) * DAY_MS + rng.int(9, 17) * 3_600_000;
        if (at <= lastMs) {
          leaver.roles = leaver.roles.filter((r) => r !== role);
          if (leaver.jobtitle) leaver.jobtitle = `${leaver.jobtitle} (left)`;
          leaver.updatedAt = Math.max(leaver.updatedAt, at);
        }
      }
    }
    if (shock.kind === 'new_sponsor' || shock.kind === 'new_team_adopts') {
      const roles = shock.kind === 'new_sponsor' ? [rng.chance(0.5) ? 'EXECUTIVE_SPONSOR' : 'CHAMPION'] : ['CHAMPION'];
      const createdAt = (shock.day + rng.int(0, 30)) * DAY_MS + rng.int(8, 18) * 3_600_000;
      if (createdAt <= lastMs) contacts.push(makeContact(rng, contacts.length, roles, account.domain, createdAt));
    }
  }
  for (const c of contacts) c.updatedAt = Math.min(Math.max(c.updatedAt, c.createdAt), lastMs);
  account.contacts = contacts.filter((c) => c.createdAt <= lastMs);
}
