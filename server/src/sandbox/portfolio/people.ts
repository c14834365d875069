/**
 * Who is who: company identities, the account team (CSMs and account executives, covering accounts
 * as SANDBOX.md describes per segment) and each customer's contacts with their buying roles.
 */
import type { Rng } from './random.js';
import type { Contact, Owner, Segment } from './model.js';

const FIRST_NAMES = [
  'Ada', 'Alex', 'Amara', 'Ben', 'Carla', 'Chen', 'Dana', 'David', 'Elena', 'Emeka', 'Fatima', 'Felix', 'Grace',
  'Hannah', 'Hiro', 'Ines', 'Isaac', 'Jamal', 'Jana', 'Jonas', 'Julia', 'Kai', 'Karen', 'Leila', 'Liam', 'Lucia',
  'Marco', 'Maria', 'Mei', 'Mohammed', 'Nadia', 'Noah', 'Olga', 'Omar', 'Priya', 'Rafael', 'Rosa', 'Sam', 'Sara',
  'Sofia', 'Tom', 'Uma', 'Victor', 'Wei', 'Yara', 'Yusuf', 'Zoe', 'Ravi', 'Anna', 'Peter',
];
const LAST_NAMES = [
  'Adams', 'Ahmed', 'Alvarez', 'Becker', 'Brown', 'Chen', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Gupta',
  'Hansen', 'Ito', 'Jensen', 'Kim', 'Kowalski', 'Lee', 'Lopez', 'Martin', 'Meyer', 'Moreau', 'Nakamura', 'Novak',
  'Okafor', 'Olsen', 'Patel', 'Rossi', 'Santos', 'Schmidt', 'Silva', 'Singh', 'Smith', 'Tanaka', 'Taylor', 'Walsh',
  'Wang', 'Weber', 'Williams', 'Young', 'Zhang', 'Murphy', 'Nguyen', 'Kumar', 'Reyes', 'Brennan', 'Haddad', 'Larsen',
];
const NAME_HEADS = [
  'Acme', 'Apex', 'Arbor', 'Atlas', 'Beacon', 'Birch', 'Blue', 'Bright', 'Cedar', 'Cobalt', 'Copper', 'Crest', 'Delta',
  'Ember', 'Evergreen', 'Falcon', 'Fjord', 'Granite', 'Harbor', 'Helix', 'Iris', 'Juniper', 'Keystone', 'Lumen',
  'Maple', 'Meridian', 'Nimbus', 'North', 'Nova', 'Oak', 'Onyx', 'Orbit', 'Pine', 'Polar', 'Prairie', 'Quartz',
  'Raven', 'Redwood', 'Ridge', 'River', 'Sage', 'Silver', 'Spruce', 'Summit', 'Tidal', 'Trail', 'Vertex', 'Willow',
];
const NAME_TAILS = [
  'Analytics', 'Logistics', 'Health', 'Labs', 'Systems', 'Foods', 'Capital', 'Retail', 'Works', 'Networks',
  'Partners', 'Robotics', 'Energy', 'Media', 'Learning', 'Insurance', 'Properties', 'Telecom', 'Builders', 'Bank',
];
const TAIL_INDUSTRY: Record<string, string> = {
  Analytics: 'COMPUTER_SOFTWARE', Logistics: 'LOGISTICS_AND_SUPPLY_CHAIN', Health: 'HOSPITAL_HEALTH_CARE',
  Labs: 'INFORMATION_TECHNOLOGY_AND_SERVICES', Systems: 'COMPUTER_SOFTWARE', Foods: 'FOOD_PRODUCTION',
  Capital: 'FINANCIAL_SERVICES', Retail: 'RETAIL', Works: 'MACHINERY', Networks: 'TELECOMMUNICATIONS',
  Partners: 'MANAGEMENT_CONSULTING', Robotics: 'MACHINERY', Energy: 'UTILITIES', Media: 'MARKETING_AND_ADVERTISING',
  Learning: 'EDUCATION_MANAGEMENT', Insurance: 'INSURANCE', Properties: 'REAL_ESTATE', Telecom: 'TELECOMMUNICATIONS',
  Builders: 'CONSTRUCTION', Bank: 'BANKING',
};
export const INDUSTRIES: readonly string[] = [...new Set(Object.values(TAIL_INDUSTRY))].sort();

export interface CompanyIdentity {
  name: string;
  domain: string;
  industry: string;
}

/** A company name unique within the portfolio (the account index disambiguates repeats). */
export function drawCompany(rng: Rng, index: number): CompanyIdentity {
  const head = rng.pick(NAME_HEADS);
  const tail = rng.pick(NAME_TAILS);
  const suffix = index >= NAME_HEADS.length * NAME_TAILS.length / 4 ? ` ${index.toString(36).toUpperCase()}` : '';
  const name = `${head} ${tail}${suffix}`;
  const tld = rng.weighted([['com', 6], ['io', 2], ['co', 1], ['de', 1], ['co.uk', 1]] as const);
  const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.${tld}`;
  return { name, domain, industry: TAIL_INDUSTRY[tail] ?? 'COMPUTER_SOFTWARE' };
}

export function drawPersonName(rng: Rng): { first: string; last: string } {
  return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
}

/** How many owners each coverage model needs for the given accounts per segment. */
export function teamSize(counts: Record<Segment, number>): { pooled: number; midMarket: number; enterprise: number; aes: number } {
  const total = counts.smb + counts.mid_market + counts.enterprise;
  return {
    pooled: Math.max(1, Math.ceil(counts.smb / 300)),
    midMarket: Math.max(1, Math.ceil(counts.mid_market / 55)),
    enterprise: Math.max(1, Math.ceil(counts.enterprise / 14)),
    aes: Math.max(2, Math.ceil(total / 350)),
  };
}

/** The account team: pooled SMB CSMs, mid-market CSMs, named enterprise CSMs and account executives. */
export function buildOwners(rng: Rng, counts: Record<Segment, number>, createdAt: number): Owner[] {
  const size = teamSize(counts);
  const owners: Owner[] = [];
  const add = (role: Owner['role'], team: string, n: number): void => {
    for (let i = 0; i < n; i++) {
      const { first, last } = drawPersonName(rng);
      const ordinal = owners.length;
      owners.push({
        id: String(71_000_000 + ordinal * 1_301 + rng.int(0, 999)),
        userId: 9_100_000 + ordinal * 17 + rng.int(0, 16),
        firstName: first,
        lastName: last,
        email: `${first}.${last}${ordinal}@telltale-sandbox.example`.toLowerCase(),
        role,
        team,
        createdAt: createdAt + ordinal * 86_400_000 * rng.int(1, 20),
      });
    }
  };
  add('csm', 'Scaled CS', size.pooled);
  add('csm', 'Mid-Market CS', size.midMarket);
  add('csm', 'Enterprise CS', size.enterprise);
  add('ae', 'Account Executives', size.aes);
  return owners;
}

export function ownersOfTeam(owners: readonly Owner[], team: string): Owner[] {
  return owners.filter((o) => o.team === team);
}

export const SEGMENT_TEAM: Record<Segment, string> = {
  smb: 'Scaled CS',
  mid_market: 'Mid-Market CS',
  enterprise: 'Enterprise CS',
};

const ROLE_TITLES: Record<string, readonly string[]> = {
  EXECUTIVE_SPONSOR: ['VP Operations', 'Chief Operating Officer', 'VP Customer Experience', 'Chief Revenue Officer', 'CEO'],
  DECISION_MAKER: ['Director of Operations', 'Head of Sales Operations', 'Director, Business Systems', 'Head of Support'],
  BUDGET_HOLDER: ['CFO', 'VP Finance', 'Finance Director', 'Head of Procurement'],
  CHAMPION: ['Operations Manager', 'Sales Ops Lead', 'Customer Success Manager', 'Product Operations Manager', 'Team Lead'],
  END_USER: ['Account Manager', 'Analyst', 'Support Specialist', 'Sales Representative', 'Coordinator', 'Engineer'],
  INFLUENCER: ['IT Manager', 'Solutions Architect', 'Senior Analyst', 'Project Manager'],
};

/** The buying roles of an account's n contacts, in creation order: champion and sponsor first. */
function rolesFor(n: number, segment: Segment, rng: Rng): string[][] {
  const roles: string[][] = [['CHAMPION'], ['EXECUTIVE_SPONSOR']];
  if (segment !== 'smb') roles.push(['DECISION_MAKER'], ['BUDGET_HOLDER']);
  else if (rng.chance(0.4)) roles[1] = ['EXECUTIVE_SPONSOR', 'BUDGET_HOLDER'];
  if (segment === 'enterprise') roles.push(['CHAMPION'], ['INFLUENCER']);
  while (roles.length < n) roles.push(rng.chance(0.2) ? ['INFLUENCER'] : rng.chance(0.1) ? [] : ['END_USER']);
  return roles.slice(0, n);
}

export function titleFor(roles: readonly string[], rng: Rng): string {
  return rng.pick(ROLE_TITLES[roles[0] ?? 'END_USER'] ?? ROLE_TITLES.END_USER ?? ['Analyst']);
}

export function isExecutive(roles: readonly string[]): boolean {
  return roles.some((r) => r === 'EXECUTIVE_SPONSOR' || r === 'BUDGET_HOLDER' || r === 'DECISION_MAKER');
}

/** The contacts known at signing (one to three weeks of onboarding adds them). */
export function drawInitialContacts(rng: Rng, n: number, segment: Segment, domain: string, startMs: number): Contact[] {
  return rolesFor(n, segment, rng).map((roles, key) => makeContact(rng, key, roles, domain, startMs + rng.int(0, 21) * 86_400_000));
}

export function makeContact(rng: Rng, key: number, roles: string[], domain: string, createdAt: number): Contact {
  const { first, last } = drawPersonName(rng);
  const local = rng.chance(0.8) ? `${first}.${last}` : `${first[0] ?? ''}${last}`;
  return {
    key,
    firstname: first,
    lastname: last,
    email: `${local}${key > 9 ? key : ''}@${domain}`.toLowerCase(),
    jobtitle: titleFor(roles, rng),
    roles,
    executive: isExecutive(roles),
    createdAt,
    updatedAt: createdAt + rng.int(0, 60) * 3_600_000,
    duplicateOf: null,
  };
}
