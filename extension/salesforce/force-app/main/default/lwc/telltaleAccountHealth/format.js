/** How the card writes numbers, money and moments, in the user's locale and time zone. */

const MINUS = '\u2212';

/** A whole-number score: 82.4 → "82"; null → null. */
export function formatScore(value) {
    return value === null || value === undefined ? null : String(Math.round(value));
}

/** A value from 0 to 100 as a percentage: 42 → "42%". */
export function formatPercent(value) {
    return `${Math.round(value)}%`;
}

/** A signed whole-number change: 6 → "+6", -4 → "−4", 0 → "0". */
export function formatChange(change) {
    const rounded = Math.round(change);
    if (rounded === 0) return '0';
    return `${rounded < 0 ? MINUS : '+'}${Math.abs(rounded)}`;
}

/**
 * Money, compactly: 125000 → "$125K", 1250000 → "$1.3M", 900 → "$900". Falls back to the plain
 * figure when the currency code is unknown to the browser rather than failing the card.
 */
export function formatAmount(amount, currency, locale) {
    const options = {
        notation: 'compact',
        minimumFractionDigits: 0,
        maximumFractionDigits: Math.abs(amount) >= 1000 ? 1 : 0
    };
    if (currency) {
        try {
            return new Intl.NumberFormat(locale, { ...options, style: 'currency', currency }).format(amount);
        } catch {
            // An unknown currency code: the plain figure below.
        }
    }
    return new Intl.NumberFormat(locale, options).format(amount);
}

/** An ISO timestamp in the user's time zone: "Mar 14, 2026, 5:05 AM"; null when it is not a date. */
export function formatMoment(isoTimestamp, locale, timeZone) {
    const moment = new Date(isoTimestamp);
    if (!isoTimestamp || Number.isNaN(moment.getTime())) return null;
    const options = { dateStyle: 'medium', timeStyle: 'short' };
    try {
        return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(moment);
    } catch {
        return `${new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(moment)} UTC`;
    }
}
