/** How the cards write numbers: probabilities as percentages, Shapley values in points, money compactly. */

const MINUS = '\u2212';

/** 0.423 → "42%". */
export function formatProbability(probability: number): string {
  return `${Math.round(probability * 100)}%`;
}

/** Signed probability points: 17.6 → "+18 pts", -3.24 → "−3.2 pts" (one decimal below 10). */
export function formatPoints(points: number): string {
  const magnitude = Math.abs(points);
  const digits = magnitude < 10 ? 1 : 0;
  const rounded = magnitude.toFixed(digits);
  if (Number(rounded) === 0) return '0 pts';
  return `${points < 0 ? MINUS : '+'}${rounded} pts`;
}

/** A signed whole-number change: 6 → "+6", -4 → "−4", 0 → "0". */
export function formatChange(change: number): string {
  const rounded = Math.round(change);
  if (rounded === 0) return '0';
  return `${rounded < 0 ? MINUS : '+'}${Math.abs(rounded)}`;
}

/** 125000 → "$125K" with a currency code, "125K" without one. */
export function formatAmount(amount: number, currency?: string): string {
  const options: Intl.NumberFormatOptions = { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: amount >= 1_000 ? 1 : 0 };
  if (currency) {
    try {
      return new Intl.NumberFormat('en-US', { ...options, style: 'currency', currency }).format(amount);
    } catch {
      // An unknown currency code: fall through to the plain figure rather than failing the card.
    }
  }
  return new Intl.NumberFormat('en-US', options).format(amount);
}

/** A whole count with thousands separators: 12345 → "12,345". */
export function formatCount(count: number): string {
  return new Intl.NumberFormat('en-US').format(count);
}
