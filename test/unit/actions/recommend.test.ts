import { describe, expect, it } from 'vitest';
import { loadPlaybook } from '../../../server/src/actions/playbook-manifest.js';
import { recommendInterventions, type Recommendation } from '../../../server/src/actions/recommend.js';
import { accountState } from './account-states.js';

const playbook = loadPlaybook();
const plays = (recs: Recommendation[]) => recs.map((r) => r.playId);
const find = (recs: Recommendation[], playId: string) => {
  const rec = recs.find((r) => r.playId === playId);
  if (!rec) throw new Error(`${playId} not recommended; got ${plays(recs).join(', ')}`);
  return rec;
};

describe('recommendInterventions', () => {
  it('gives a support-driven high risk a support escalation, not a training offer', () => {
    const recs = recommendInterventions(accountState({ band: 'high', drivers: { support: 18, product_usage: 1.5, feature_adoption: 1 } }), playbook);
    expect(plays(recs)).toContain('technical_support_escalation');
    expect(plays(recs)).toContain('executive_escalation');
    expect(plays(recs)).not.toContain('training_adoption_support');
    expect(plays(recs)).not.toContain('value_roi_review');
    expect(plays(recs)).not.toContain('custom_retention_plan');
  });

  it('gives a usage-driven medium risk training and adoption support, not a support escalation', () => {
    const recs = recommendInterventions(accountState({ band: 'medium', drivers: { product_usage: 9, support: -3 } }), playbook);
    expect(plays(recs)).toEqual(expect.arrayContaining(['proactive_outreach', 'training_adoption_support']));
    expect(plays(recs)).not.toContain('technical_support_escalation');
    expect(plays(recs)).not.toContain('sponsor_reengagement');
  });

  it('lets the two strongest driver groups choose plays and ignores groups under the minimum', () => {
    const recs = recommendInterventions(
      accountState({ band: 'high', drivers: { stakeholder_engagement: 12, payment_contract: 7, support: 1.5, feature_adoption: 0.5 } }),
      playbook,
    );
    expect(plays(recs)).toEqual(expect.arrayContaining(['dedicated_csm_attention', 'custom_retention_plan']));
    expect(plays(recs)).not.toContain('technical_support_escalation');
    expect(find(recs, 'executive_escalation').why.drivers.map((d) => d.group)).toEqual(['stakeholder_engagement', 'payment_contract']);
  });

  it('falls back to the largest positive group when none reaches the minimum, and never to a group lowering risk', () => {
    const weak = recommendInterventions(accountState({ band: 'medium', drivers: { support: 1.2, product_usage: 0.4, payment_contract: -9 } }), playbook);
    expect(plays(weak)).toContain('technical_support_escalation');
    expect(plays(weak)).not.toContain('success_plan_review');
  });

  it('explains a churn play with the risk, the drivers in points, what-ifs and the ARR at stake', () => {
    const recs = recommendInterventions(
      accountState({ band: 'high', daysToRenewal: 150, drivers: { support: 18 }, driverText: { support: '4 escalated tickets in 30 days' } }),
      playbook,
    );
    const why = find(recs, 'technical_support_escalation').why;
    expect(why.summary).toBe('Churn risk 86/100 (high), renewal in 150 days; driven by Support (+18.0 pts).');
    expect(why.lines).toContain('Support raises churn risk by +18.0 pts: 4 escalated tickets in 30 days. Back to typical: -14.4 pts.');
    expect(why.lines).toContain('ARR at stake: $48,000.');
    expect(why.drivers[0]).toMatchObject({ group: 'support', label: 'Support', points: 18, whatIfPoints: -14.4 });
  });

  it('sends 30-day expansion signals to the sales owner, but not for a high-risk account', () => {
    const recs = recommendInterventions(accountState({ band: 'low', expansionWindow: '30_days', expectedAmount: 24_000 }), playbook);
    const upsell = find(recs, 'upsell_conversation');
    expect(upsell).toMatchObject({ ownerRole: 'sales_owner', window: 'timely', title: 'Upsell conversation with Acme ($24,000 expected)' });
    expect(upsell.why.summary).toBe('Expansion expected within 30 days, expected amount $24,000.');
    expect(plays(recs)).not.toContain('expansion_discovery');
    const risky = recommendInterventions(accountState({ band: 'high', drivers: { support: 10 }, expansionWindow: '30_days' }), playbook);
    expect(plays(risky)).not.toContain('upsell_conversation');
  });

  it('turns 90-day and 12-month expansion signals into account plan items', () => {
    expect(plays(recommendInterventions(accountState({ expansionWindow: '90_days' }), playbook))).toContain('account_plan_upgrade');
    const yearly = recommendInterventions(accountState({ expansionWindow: '12_months' }), playbook);
    expect(find(yearly, 'account_plan_growth')).toMatchObject({ ownerRole: 'account_owner', window: 'early' });
    expect(plays(yearly)).toContain('expansion_discovery');
  });

  it('asks for a root-cause review of the top driver group when health is declining', () => {
    const recs = recommendInterventions(accountState({ band: 'low', trajectory: 'declining', drivers: { feature_adoption: 4, support: 2.5 } }), playbook);
    const review = find(recs, 'root_cause_review');
    expect(review.title).toBe('Root-cause review of Feature adoption at Acme');
    expect(review.why.summary).toMatch(/^Health 80 now, forecast 71 in 90 days \(likely range 60–83\): declining with 80% confidence; driven by Feature adoption/);
    expect(plays(recs)).not.toContain('expansion_discovery');
  });

  it('recommends only plays without automatic tasks to a calm low-risk account', () => {
    const recs = recommendInterventions(accountState({ band: 'low', drivers: { support: 3 } }), playbook);
    expect(plays(recs)).toEqual(['standard_monitoring', 'expansion_discovery']);
    expect(recs.every((r) => !r.autoTask)).toBe(true);
  });

  it('makes every churn play urgent in an emergency: high priority, due within two days and before the renewal', () => {
    const recs = recommendInterventions(accountState({ band: 'high', daysToRenewal: 40, drivers: { health_trend: 9, feature_adoption: 5 } }), playbook);
    for (const rec of recs.filter((r) => r.kind === 'churn')) {
      expect(rec).toMatchObject({ window: 'emergency', priority: 'HIGH' });
      expect(rec.dueDate <= '2025-07-02').toBe(true);
    }
    const close = recommendInterventions(accountState({ band: 'medium', daysToRenewal: 3, drivers: { support: 5 } }), playbook);
    expect(find(close, 'proactive_outreach').dueDate).toBe('2025-07-02');
  });

  it('orders recommendations by window, then priority, then manifest order', () => {
    const recs = recommendInterventions(
      accountState({ band: 'medium', daysToRenewal: 200, trajectory: 'declining', drivers: { support: 6 }, expansionWindow: '90_days' }),
      playbook,
    );
    expect(plays(recs)).toEqual(['technical_support_escalation', 'proactive_outreach', 'root_cause_review', 'account_plan_upgrade']);
    const low = recommendInterventions(accountState({ band: 'low', expansionWindow: '30_days' }), playbook);
    expect(plays(low)[0]).toBe('upsell_conversation');
  });

  it('is deterministic whatever the order of the drivers', () => {
    const a = accountState({ band: 'high', drivers: { support: 8, product_usage: 8, payment_contract: 3 } });
    const b = { ...a, churn: { ...a.churn, drivers: [...a.churn.drivers].reverse() } };
    expect(recommendInterventions(b, playbook)).toEqual(recommendInterventions(a, playbook));
    // Equal points: signal-group order decides.
    expect(find(recommendInterventions(a, playbook), 'executive_escalation').why.drivers.map((d) => d.group)).toEqual(['product_usage', 'support']);
  });

  it('names an account without a name by its id', () => {
    const recs = recommendInterventions(accountState({ band: 'high', accountName: null, drivers: { support: 10 } }), playbook);
    expect(find(recs, 'technical_support_escalation').title).toBe('Technical support escalation for company 1001');
  });
});
