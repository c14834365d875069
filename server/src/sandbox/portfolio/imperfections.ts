/**
 * The imperfect data real CRMs hold (SANDBOX.md): a fifth of contacts without a job title, duplicate
 * contacts, accounts whose product usage is not mapped (~8%) or keyed by domain (~8% of the mapped),
 * and now and then a ticket logged against the wrong company. Late updates and time zones are made
 * where the records are written (history.ts, engagement.ts).
 */
import { streamFor } from './random.js';
import type { Account, Contact, Portfolio } from './model.js';

export const MISSING_JOB_TITLE_SHARE = 0.2;
export const DUPLICATE_CONTACT_SHARE = 0.03;
export const UNTRACKED_USAGE_SHARE = 0.08;
export const DOMAIN_KEYED_USAGE_SHARE = 0.08;
export const MISLOGGED_TICKET_SHARE = 0.015;

export function applyAccountImperfections(account: Account, seed: number): void {
  const rng = streamFor(seed, account.index, 'imperfections');
  for (const contact of account.contacts) if (rng.chance(MISSING_JOB_TITLE_SHARE)) contact.jobtitle = null;
  const duplicates: Contact[] = [];
  for (const contact of account.contacts) {
    if (!rng.chance(DUPLICATE_CONTACT_SHARE)) continue;
    // Typically created from an email signature or a form: same person, another address, fewer fields.
    const [local, domain] = contact.email.split('@');
    const email = rng.chance(0.5) ? `${local}@gmail.com` : `${(local ?? '').replace('.', '_')}@${domain ?? ''}`;
    const createdAt = Math.min(contact.createdAt + rng.int(10, 400) * 86_400_000, Math.max(contact.createdAt, account.updatedAt || contact.updatedAt));
    duplicates.push({ ...contact, key: account.contacts.length + duplicates.length, email, roles: [], jobtitle: rng.chance(0.5) ? contact.jobtitle : null, createdAt, updatedAt: createdAt, duplicateOf: contact.key });
  }
  account.contacts.push(...duplicates);
  account.usageTracking = rng.chance(UNTRACKED_USAGE_SHARE) ? 'not_mapped' : rng.chance(DOMAIN_KEYED_USAGE_SHARE) ? 'domain' : 'company_id';
}

/** Tickets logged against a different company (a similar name picked from the list). */
export function applyPortfolioImperfections(portfolio: Portfolio): void {
  const rng = streamFor(portfolio.seed, -1, 'imperfections');
  const n = portfolio.accounts.length;
  if (n < 2) return;
  for (const account of portfolio.accounts) {
    for (const ticket of account.tickets) {
      if (!rng.chance(MISLOGGED_TICKET_SHARE)) continue;
      const other = (account.index + rng.int(1, n - 1)) % n;
      ticket.loggedAgainst = other;
    }
  }
}
