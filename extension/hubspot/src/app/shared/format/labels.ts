/** The words and colours the cards use for the contract's enumerations. */
import type { ExpansionWindow, InterventionWindow, RiskBand, Trajectory, UnscoredInsights } from '../insights-contract';

type TagVariant = 'default' | 'warning' | 'success' | 'error' | 'info';
type ProgressVariant = 'success' | 'danger' | 'warning';

export const BAND_LABEL: Record<RiskBand, string> = { low: 'Low risk', medium: 'Medium risk', high: 'High risk' };
export const BAND_TAG: Record<RiskBand, TagVariant> = { low: 'success', medium: 'warning', high: 'error' };
export const BAND_PROGRESS: Record<RiskBand, ProgressVariant> = { low: 'success', medium: 'warning', high: 'danger' };

export const TRAJECTORY_LABEL: Record<Trajectory, string> = { improving: 'Improving', stable: 'Stable', declining: 'Declining' };
export const TRAJECTORY_TAG: Record<Trajectory, TagVariant> = { improving: 'success', stable: 'default', declining: 'error' };

export const INTERVENTION_WINDOW_LABEL: Record<InterventionWindow, string> = {
  early: 'Early',
  timely: 'Timely',
  reactive: 'Reactive',
  emergency: 'Emergency',
};
export const INTERVENTION_WINDOW_TAG: Record<InterventionWindow, TagVariant> = {
  early: 'info',
  timely: 'success',
  reactive: 'warning',
  emergency: 'error',
};

export const EXPANSION_WINDOW_LABEL: Record<ExpansionWindow, string> = {
  '30_days': 'Within 30 days',
  '90_days': 'Within 90 days',
  '12_months': 'Within 12 months',
  unlikely: 'Unlikely',
};
export const EXPANSION_WINDOW_TAG: Record<ExpansionWindow, TagVariant> = {
  '30_days': 'success',
  '90_days': 'success',
  '12_months': 'info',
  unlikely: 'default',
};

/** The title of the empty state for each reason an account has no scores. */
export const UNSCORED_TITLE: Record<UnscoredInsights['reason'], string> = {
  not_synced: 'Not synced yet',
  not_a_customer: 'Not a customer account',
  pending_first_score: 'First score on its way',
};
