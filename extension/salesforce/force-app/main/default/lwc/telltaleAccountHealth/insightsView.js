import { getFieldValue } from 'lightning/uiRecordApi';
import { CURRENCY_FIELD, TELLTALE_FIELDS } from './accountFields';
import { formatAmount, formatChange, formatMoment, formatPercent, formatScore } from './format';
import { BAND, describeOption, EXPANSION_WINDOW, INTERVENTION_WINDOW, TRAJECTORY } from './labels';

const NOT_AVAILABLE = 'n/a';

/**
 * What the card shows for an account record from getRecord, or null when Telltale has not scored
 * the account (its churn risk score is empty). `settings` holds the user's locale, time zone and
 * default currency.
 */
export function insightsView(record, settings) {
    const value = (key) => getFieldValue(record, TELLTALE_FIELDS[key]) ?? null;
    const score = value('churn_risk_score');
    if (score === null) return null;
    return {
        risk: riskView(score, value('churn_risk_band'), value('churn_risk_change_30d')),
        health: healthView(value),
        drivers: value('churn_risk_drivers') || 'No drivers recorded for this score.',
        expansion: expansionView(value, getFieldValue(record, CURRENCY_FIELD) || settings.currency, settings.locale),
        action: actionView(value('next_best_action'), value('intervention_window')),
        modelVersion: value('model_version') ?? NOT_AVAILABLE,
        updatedAt: formatMoment(value('insights_updated_at'), settings.locale, settings.timeZone) ?? NOT_AVAILABLE
    };
}

/** The ring's arc covers `score` percent of the circle (its circumference is 100 units). */
function riskView(score, band, change) {
    const shown = formatScore(score);
    const described = describeOption(BAND, band);
    const bandLabel = described ? `${described.label} risk` : 'Risk band not set';
    return {
        score: shown,
        bandLabel,
        toneClass: `tone-${described?.tone ?? 'neutral'}`,
        arcClass: `ring-arc tone-${described?.tone ?? 'neutral'}`,
        arc: `${Math.min(100, Math.max(0, Math.round(score)))} 100`,
        ringLabel: `Churn risk ${shown} out of 100, ${bandLabel.toLowerCase()}`,
        change: changeView(change)
    };
}

/** A rising churn risk is bad news: red when it rose, green when it fell. */
function changeView(change) {
    if (change === null) return { text: 'No score 30 days ago', toneClass: 'tone-neutral' };
    if (Math.round(change) === 0) return { text: 'Unchanged over 30 days', toneClass: 'tone-neutral' };
    return {
        text: `${formatChange(change)} pts in 30 days`,
        toneClass: change > 0 ? 'tone-error' : 'tone-success'
    };
}

function healthView(value) {
    const trajectory = describeOption(TRAJECTORY, value('health_trajectory'));
    const confidence = value('trajectory_confidence');
    return {
        score: formatScore(value('health_score')) ?? NOT_AVAILABLE,
        forecast: formatScore(value('health_forecast_90d')) ?? NOT_AVAILABLE,
        trajectory: trajectory && {
            label: trajectory.label,
            icon: trajectory.icon ?? 'utility:dash',
            iconLabel: `Health trajectory: ${trajectory.label.toLowerCase()}`,
            toneClass: `tone-${trajectory.tone}`,
            confidence: confidence === null ? 'Confidence not available' : `${formatPercent(confidence)} confidence`,
            declining: value('health_trajectory') === 'declining'
        }
    };
}

/** Null when the account has no expansion prediction yet. */
function expansionView(value, currency, locale) {
    const probability = value('expansion_probability');
    const potential = value('expansion_potential');
    const window = describeOption(EXPANSION_WINDOW, value('expansion_window'));
    if (probability === null && potential === null && window === null) return null;
    return {
        probability: probability === null ? NOT_AVAILABLE : formatPercent(probability),
        window: window?.label ?? NOT_AVAILABLE,
        potential: potential === null ? NOT_AVAILABLE : formatAmount(potential, currency, locale)
    };
}

function actionView(text, window) {
    if (!text) return null;
    const described = describeOption(INTERVENTION_WINDOW, window);
    return {
        text,
        window: described && { label: `${described.label} window`, toneClass: `tone-${described.tone}` }
    };
}
