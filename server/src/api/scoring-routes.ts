import { Router } from 'express';
import type { Clock } from '../clock/clock.js';
import type { JobQueues } from '../jobs/queues.js';
import { HEALTH_HISTORY_DAYS } from '../scoring/health-history.js';
import { DEFAULT_SCORING_SETTINGS, ScoringSettingsError, effectiveScoringSettings, parseScoringSettingsOverrides } from '../scoring/scoring-settings.js';
import { accountScoring } from '../store/account-scoring.js';
import type { Database } from '../store/database.js';
import { getScoringSettingsOverrides, setScoringSettingsOverrides } from '../store/tenant-settings.js';

/**
 * Scoring endpoints of the admin API (mounted by admin-routes.ts under /api/v1):
 * - GET /tenants/:tenantId/scoring-settings   the scoring settings in force (`settings`), the tenant's own
 *                                     sections (`overrides`) and the defaults
 * - PUT /tenants/:tenantId/scoring-settings   replace the overrides: any of `riskBands` {medium, high} (integer
 *                                     scores 1–100, medium < high), `expansionWindow` {30_days, 90_days,
 *                                     12_months} (probabilities in (0, 1]), `trajectory` {minChangePoints}
 *                                     (> 0, ≤ 50); each section complete. 400 naming every problem and
 *                                     nothing changed; else 200 with the new settings and the rescoring
 *                                     job queued to apply them (`rescore`: queue and job id)
 * - GET /tenants/:tenantId/accounts/:accountId/scores   the account's latest churn, expansion and
 *                                     health predictions with drivers, and 90 days of daily health
 */
export function createScoringRouter(deps: { db: Database; queues: JobQueues; clock: Clock }): Router {
  const router = Router();

  router.get('/tenants/:tenantId/scoring-settings', async (req, res) => {
    const stored = await getScoringSettingsOverrides(deps.db, req.params.tenantId);
    if (!stored) {
      res.status(404).json({ error: 'not_found', message: `no tenant ${req.params.tenantId}` });
      return;
    }
    const overrides = parseScoringSettingsOverrides(stored);
    res.json({ tenantId: req.params.tenantId, settings: effectiveScoringSettings(overrides), overrides, defaults: DEFAULT_SCORING_SETTINGS });
  });

  router.put('/tenants/:tenantId/scoring-settings', async (req, res) => {
    if (!(await getScoringSettingsOverrides(deps.db, req.params.tenantId))) {
      res.status(404).json({ error: 'not_found', message: `no tenant ${req.params.tenantId}` });
      return;
    }
    let overrides;
    try {
      overrides = parseScoringSettingsOverrides(req.body);
    } catch (error) {
      if (!(error instanceof ScoringSettingsError)) throw error;
      res.status(400).json({ error: 'invalid_settings', message: error.problems.join('; '), problems: error.problems });
      return;
    }
    await setScoringSettingsOverrides(deps.db, req.params.tenantId, overrides);
    // Bands and windows are stored with each prediction: rescore so the new thresholds apply now.
    const job = await deps.queues.enqueueScore(req.params.tenantId, 'manual');
    res.json({ tenantId: req.params.tenantId, settings: effectiveScoringSettings(overrides), overrides, rescore: { queue: 'score', jobId: job.id ?? null } });
  });

  router.get('/tenants/:tenantId/accounts/:accountId/scores', async (req, res) => {
    const from = new Date(deps.clock.now().getTime() - HEALTH_HISTORY_DAYS * 86_400_000).toISOString().slice(0, 10);
    const scoring = await accountScoring(deps.db, req.params.tenantId, req.params.accountId, from);
    if (!scoring) {
      res.status(404).json({ error: 'not_found', message: `no scores for account ${req.params.accountId} of tenant ${req.params.tenantId}` });
      return;
    }
    res.json(scoring);
  });

  return router;
}
