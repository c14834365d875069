/** What the sandbox has served since start or the last reset. */
export interface SandboxStats {
  /** Served requests by "METHOD /route/template", e.g. "POST /crm/v3/objects/{objectType}/search". */
  requests: Record<string, number>;
  /** Sum of `requests`. */
  total: number;
  /** 429 answers sent by the rate limiter (not counted in `requests`). */
  rateLimited429: number;
  /** Injected fault answers sent (not counted in `requests`). */
  faults: number;
}

/** Counts requests per route template, 429s and injected faults. */
export class StatsRecorder {
  private requests = new Map<string, number>();
  private rateLimitedCount = 0;
  private faultCount = 0;

  served(routeKey: string): void {
    this.requests.set(routeKey, (this.requests.get(routeKey) ?? 0) + 1);
  }

  rateLimited(): void {
    this.rateLimitedCount++;
  }

  fault(): void {
    this.faultCount++;
  }

  snapshot(): SandboxStats {
    const requests = Object.fromEntries([...this.requests.entries()].sort(([a], [b]) => a.localeCompare(b)));
    const total = Object.values(requests).reduce((n, c) => n + c, 0);
    return { requests, total, rateLimited429: this.rateLimitedCount, faults: this.faultCount };
  }

  reset(): void {
    this.requests = new Map();
    this.rateLimitedCount = 0;
    this.faultCount = 0;
  }
}
