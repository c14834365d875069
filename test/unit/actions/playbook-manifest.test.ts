import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPlaybook, parsePlaybookManifest, PLAYBOOK_MANIFEST_PATH, PlaybookManifestError } from '../../../server/src/actions/playbook-manifest.js';

const text = readFileSync(PLAYBOOK_MANIFEST_PATH, 'utf8');

/** The committed manifest with one change applied to its JSON. */
function variant(change: (manifest: { plays: Array<Record<string, unknown>>; windows: Record<string, unknown> }) => void): string {
  const json = JSON.parse(text) as { plays: Array<Record<string, unknown>>; windows: Record<string, unknown> };
  change(json);
  return JSON.stringify(json);
}

function errorOf(source: string): string {
  try {
    parsePlaybookManifest(source, 'playbooks.json');
  } catch (error) {
    expect(error).toBeInstanceOf(PlaybookManifestError);
    return (error as Error).message;
  }
  throw new Error('the manifest was accepted');
}

describe('playbook manifest', () => {
  it('loads the committed manifest with every protocol of the issue', () => {
    const playbook = loadPlaybook();
    const ids = playbook.plays.map((p) => p.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'executive_escalation',
        'custom_retention_plan',
        'dedicated_csm_attention',
        'technical_support_escalation',
        'value_roi_review',
        'proactive_outreach',
        'success_plan_review',
        'training_adoption_support',
        'sponsor_reengagement',
        'standard_monitoring',
        'expansion_discovery',
        'upsell_conversation',
        'account_plan_upgrade',
        'account_plan_growth',
        'root_cause_review',
      ]),
    );
    const high = playbook.plays.filter((p) => p.trigger.kind === 'churn' && p.trigger.bands.includes('high'));
    expect(high.every((p) => p.success.metric === 'health_score_gain' && p.success.points === 15 && p.success.withinDays === 30)).toBe(true);
    expect(playbook.holdout.defaultShare).toBe(0.1);
    expect(playbook.groupLabels.support).toBe('Support');
  });

  it('names a duplicated play id', () => {
    const source = variant((m) => m.plays.push({ ...m.plays[0] }));
    expect(errorOf(source)).toMatch(/play executive_escalation is listed twice/);
  });

  it('names a placeholder the play kind cannot fill', () => {
    const source = variant((m) => {
      m.plays[0] = { ...m.plays[0], title: 'Call {account} about {expected_amount}' };
    });
    expect(errorOf(source)).toMatch(/plays\.0\.title: play executive_escalation: unknown placeholder \{expected_amount\}/);
  });

  it('refuses a band no play covers for every account', () => {
    const source = variant((m) => {
      m.plays = m.plays.filter((p) => p.id !== 'standard_monitoring');
    });
    expect(errorOf(source)).toMatch(/no play applies to every low-risk account/);
  });

  it('refuses an unknown driver group with its path', () => {
    const source = variant((m) => {
      m.plays[1] = { ...m.plays[1], driverGroups: ['support', 'weather'] };
    });
    expect(errorOf(source)).toMatch(/plays\.1\.driverGroups/);
  });

  it('refuses due-day caps that loosen with urgency', () => {
    const source = variant((m) => {
      m.windows.maxDueDays = { early: 30, timely: 14, reactive: 5, emergency: 9 };
    });
    expect(errorOf(source)).toMatch(/windows\.maxDueDays: must not grow with urgency/);
  });

  it('says when the file is not JSON', () => {
    expect(errorOf('{"version": ')).toMatch(/playbooks\.json is not valid JSON/);
  });

  it('says which file it could not read', () => {
    expect(() => loadPlaybook('/nonexistent/playbooks.json')).toThrow(/cannot read \/nonexistent\/playbooks\.json/);
  });
});
