/**
 * `telltale start` run as a user runs it (a child process, no configuration but its own data dir),
 * followed through what it prints: its stdout lines and its JSON log, whose job and stage lines the
 * change-latency bench reads. The log is kept in memory only for the messages it names.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseLogLine, type LogEvent } from './change-stages.js';

const BIN = fileURLToPath(new URL('../../bin/telltale.js', import.meta.url));
/** Variables that would point the service at a real CRM or a shared store: a user's first start has none. */
const CONFIGURATION = ['DATABASE_URL', 'REDIS_URL', 'HUBSPOT_ACCESS_TOKEN', 'HUBSPOT_CLIENT_ID', 'HUBSPOT_CLIENT_SECRET', 'HUBSPOT_API_BASE_URL', 'TELLTALE_ADMIN_TOKEN', 'TELLTALE_PUBLIC_URL', 'PORT', 'LOG_LEVEL'];
const JOB_MESSAGES = new Set(['job started', 'job completed', 'job failed']);

export class ServiceProcess {
  /** Log lines whose message is one of `keep`, in the order written. */
  readonly events: LogEvent[] = [];
  private readonly child: ChildProcess;
  private readonly activeJobs = new Set<string>();
  private lastJobEventAt = Date.now();
  private url: string | undefined;
  private readonly exited: Promise<number | null>;

  constructor(options: {
    dataDir: string;
    keep: readonly string[];
    /** Variables set on top of the bench's environment (without its CRM and store configuration). */
    env?: Record<string, string>;
    onStdout?: (line: string) => void;
    onError?: (event: LogEvent) => void;
  }) {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !CONFIGURATION.includes(name)));
    const env = { ...inherited, ...options.env, TELLTALE_DATA_DIR: options.dataDir, PORT: '0', LOG_LEVEL: 'info' };
    this.child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((done) => this.child.once('exit', (code) => done(code)));
    const keep = new Set([...options.keep, ...JOB_MESSAGES]);
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.url ??= /Telltale is running at (http:\/\/\S+)/.exec(line)?.[1];
      options.onStdout?.(line);
    });
    createInterface({ input: this.child.stderr! }).on('line', (line) => {
      const event = parseLogLine(line);
      if (!event) return;
      if (typeof event.fields.level === 'number' && event.fields.level >= 50) options.onError?.(event);
      if (!keep.has(event.msg)) return;
      this.events.push(event);
      if (JOB_MESSAGES.has(event.msg)) this.trackJob(event);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves with the service's URL once it prints it. */
  async started(timeoutMs: number): Promise<string> {
    return waitUntil(() => this.url, timeoutMs, 'the service did not print its URL', () => this.child.exitCode);
  }

  /** The first kept log line after `since` that `match` accepts. */
  async event(match: (event: LogEvent) => boolean, since: number, timeoutMs: number, waitingFor: string): Promise<LogEvent> {
    return waitUntil(() => this.events.find((e) => e.time >= since && match(e)), timeoutMs, waitingFor, () => this.child.exitCode);
  }

  /** True when no job is running and none started or ended for `quietMs` (work a finishing job enqueues starts within it). */
  isIdle(quietMs: number): boolean {
    return this.activeJobs.size === 0 && Date.now() - this.lastJobEventAt >= quietMs;
  }

  async idle(quietMs: number, timeoutMs: number): Promise<void> {
    await waitUntil(() => this.isIdle(quietMs), timeoutMs, 'the service\'s jobs did not finish', () => this.child.exitCode);
  }

  /** SIGTERM (the service finishes running jobs and stops its private Redis), SIGKILL after `graceMs`. */
  async stop(graceMs = 30_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private trackJob(event: LogEvent): void {
    const key = `${String(event.fields.queue)}:${String(event.fields.jobId)}`;
    if (event.msg === 'job started') this.activeJobs.add(key);
    else this.activeJobs.delete(key);
    this.lastJobEventAt = event.time;
  }
}

/** Polls `probe` every 100 ms until it returns a value; throws naming what was awaited on timeout or exit. */
async function waitUntil<T>(probe: () => T | undefined | false, timeoutMs: number, waitingFor: string, exitCode: () => number | null = () => null): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (exitCode() !== null) throw new Error(`${waitingFor}: the service exited with status ${exitCode()}`);
    if (Date.now() > deadline) throw new Error(`${waitingFor} within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
