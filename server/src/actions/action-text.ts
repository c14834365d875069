import type { ExpansionWindow } from './account-state.js';

/** Probability points with their sign and one decimal: "+18.4 pts", "-3.0 pts". */
export function formatPoints(points: number): string {
  const rounded = Math.round(points * 10) / 10;
  return `${rounded < 0 ? '-' : '+'}${Math.abs(rounded).toFixed(1)} pts`;
}

/** A probability as a whole percentage: "62%". */
export function formatPercent(probability: number): string {
  return `${Math.round(probability * 100)}%`;
}

/** A whole-unit amount in its currency: "$24,000", "€8,500". */
export function formatAmount(amount: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(amount);
}

const EXPANSION_WINDOW_TEXT: Record<ExpansionWindow, string> = {
  '30_days': '30 days',
  '90_days': '90 days',
  '12_months': '12 months',
  unlikely: 'no expansion expected',
};

export function expansionWindowText(window: ExpansionWindow): string {
  return EXPANSION_WINDOW_TEXT[window];
}

/** 'YYYY-MM-DD' plus whole days (UTC calendar arithmetic). */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Cuts text to `max` characters at a word boundary, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
