/** How senior a contact is, parsed from the job title (the contacts.seniority column). */
export type Seniority = 'executive' | 'vp' | 'director' | 'manager' | 'individual';

const ASSISTANT = /\b(assistant|associate to|intern)\b/;
const VP = /\b(vp|svp|evp|avp|v\.p\.?|vice[\s-]+president)\b/;
const EXECUTIVE =
  /\b(chief|ceo|cfo|cto|coo|cio|cmo|cro|cpo|cso|ciso|cdo|cco|chro|founder|co-?founder|president|owner|managing director|general manager)\b/;
const NOT_EXECUTIVE_OWNER = /\b(product|process|account|business|service|content|data|budget)\s+owner\b/;
const TEAM_HEAD = /\bhead of\b.*\bteam\b|\bteam head\b/;
const DIRECTOR = /\b(director|head of)\b/;
const MANAGER = /\b(manager|mgr|lead|leader|supervisor)\b/;

/**
 * Seniority from a free-text job title: executive (C-level, founder, president, owner), vp,
 * director (director, head of a function), manager (manager, lead, head of a team), individual
 * (everything else). Null when there is no title. Assistants to an executive are individuals.
 */
export function parseSeniority(jobTitle: string | null | undefined): Seniority | null {
  const title = (jobTitle ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
  if (title === '') return null;
  if (ASSISTANT.test(title)) return 'individual';
  if (VP.test(title)) return 'vp';
  if (EXECUTIVE.test(title) && !NOT_EXECUTIVE_OWNER.test(title)) return 'executive';
  if (TEAM_HEAD.test(title)) return 'manager';
  if (DIRECTOR.test(title)) return 'director';
  if (MANAGER.test(title)) return 'manager';
  return 'individual';
}

/** Executives and VPs are who "executive engagement" counts. */
export const isExecutiveSeniority = (seniority: string | null | undefined): boolean =>
  seniority === 'executive' || seniority === 'vp';
