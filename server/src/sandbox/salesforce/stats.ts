/** What the sandbox org has served since start or the last reset (GET /__stats). */
export interface SalesforceSandboxStats {
  /** Requests that reached an emulated /services/data endpoint, by "METHOD /services/data/vXX.X/route/{template}", and Streaming API requests ("POST /cometd/XX.X"). */
  requests: Record<string, number>;
  /** Sum of `requests`. */
  total: number;
  /** Answers of /services/data and /cometd requests by HTTP status (401s, 403s and injected faults included). */
  byStatus: Record<string, number>;
  /** Records written through the API or __simulate, by outcome. */
  recordsWritten: { created: number; updated: number; deleted: number; failed: number };
  /** Task records created (Telltale's interventions). */
  tasksCreated: number;
  /** Requests refused with 403 REQUEST_LIMIT_EXCEEDED. */
  requestLimitExceeded: number;
  /** Injected fault answers sent (5xx plans and per-record errors). */
  faults: number;
  /** Successful token endpoint answers, by grant type. */
  tokensIssued: Record<string, number>;
  /** Change Data Capture events published on the org's bus, and event messages delivered to Streaming API clients. */
  changeEvents: { published: number; delivered: number };
}

const increment = (map: Map<string, number>, key: string, by = 1): void => {
  map.set(key, (map.get(key) ?? 0) + by);
};
const sorted = (map: Map<string, number>): Record<string, number> => Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));

export class StatsRecorder {
  private requests = new Map<string, number>();
  private statuses = new Map<string, number>();
  private tokens = new Map<string, number>();
  private written = { created: 0, updated: 0, deleted: 0, failed: 0 };
  private tasks = 0;
  private limitRefusals = 0;
  private faultCount = 0;
  private changeEvents = { published: 0, delivered: 0 };

  served(routeKey: string): void {
    increment(this.requests, routeKey);
  }

  answered(status: number): void {
    increment(this.statuses, String(status));
  }

  tokenIssued(grantType: string): void {
    increment(this.tokens, grantType);
  }

  wrote(outcome: keyof SalesforceSandboxStats['recordsWritten'], count = 1): void {
    this.written[outcome] += count;
  }

  taskCreated(): void {
    this.tasks++;
  }

  limitExceeded(): void {
    this.limitRefusals++;
  }

  fault(): void {
    this.faultCount++;
  }

  changeEventPublished(): void {
    this.changeEvents.published++;
  }

  changeEventsDelivered(count: number): void {
    this.changeEvents.delivered += count;
  }

  snapshot(): SalesforceSandboxStats {
    const requests = sorted(this.requests);
    return {
      requests,
      total: Object.values(requests).reduce((n, c) => n + c, 0),
      byStatus: sorted(this.statuses),
      recordsWritten: { ...this.written },
      tasksCreated: this.tasks,
      requestLimitExceeded: this.limitRefusals,
      faults: this.faultCount,
      tokensIssued: sorted(this.tokens),
      changeEvents: { ...this.changeEvents },
    };
  }

  reset(): void {
    this.requests = new Map();
    this.statuses = new Map();
    this.tokens = new Map();
    this.written = { created: 0, updated: 0, deleted: 0, failed: 0 };
    this.tasks = 0;
    this.limitRefusals = 0;
    this.faultCount = 0;
    this.changeEvents = { published: 0, delivered: 0 };
  }
}
