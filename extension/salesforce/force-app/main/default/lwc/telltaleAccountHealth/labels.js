/**
 * The words and colours for the catalogue's picklist values (manifests/fields.json options). The
 * tests render every option of the catalogue, so a new option without a label here fails them.
 */

export const BAND = {
    low: { label: 'Low', tone: 'success' },
    medium: { label: 'Medium', tone: 'warning' },
    high: { label: 'High', tone: 'error' }
};

export const TRAJECTORY = {
    improving: { label: 'Improving', tone: 'success', icon: 'utility:arrowup' },
    stable: { label: 'Stable', tone: 'neutral', icon: 'utility:dash' },
    declining: { label: 'Declining', tone: 'error', icon: 'utility:arrowdown' }
};

export const EXPANSION_WINDOW = {
    '30_days': { label: 'Within 30 days', tone: 'success' },
    '90_days': { label: 'Within 90 days', tone: 'success' },
    '12_months': { label: 'Within 12 months', tone: 'neutral' },
    unlikely: { label: 'Unlikely', tone: 'neutral' }
};

export const INTERVENTION_WINDOW = {
    early: { label: 'Early', tone: 'neutral' },
    timely: { label: 'Timely', tone: 'success' },
    reactive: { label: 'Reactive', tone: 'warning' },
    emergency: { label: 'Emergency', tone: 'error' }
};

/** The entry for a picklist value; a value the card does not know is shown as it is, uncoloured. */
export function describeOption(options, value) {
    if (value === null || value === undefined) return null;
    return options[value] ?? { label: String(value), tone: 'neutral' };
}
