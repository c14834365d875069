import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';

/** Raised when Redis cannot be used; the message is the one line shown to the user. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

export const REDIS_INSTALL_HINT =
  'Redis is needed: set REDIS_URL, or install redis-server (Debian/Ubuntu: `apt-get install redis-server`, macOS: `brew install redis`) so Telltale can start a private one.';

export interface RedisHandle {
  url: string;
  /** True when this process started its own redis-server. */
  embedded: boolean;
  /** A new connection for BullMQ (maxRetriesPerRequest null, as workers require). */
  connect(name: string): Redis;
  stop(): Promise<void>;
}

/** Uses REDIS_URL, or starts a private redis-server from PATH (persisting under dataDir/redis). */
export async function openRedis(options: { url?: string | undefined; dataDir: string; logger: Logger }): Promise<RedisHandle> {
  let url = options.url;
  let child: ChildProcess | undefined;
  if (!url) {
    const started = await startPrivateRedis(join(resolve(options.dataDir), 'redis'), options.logger);
    url = started.url;
    child = started.child;
  }
  const connections: Redis[] = [];
  const connect = (name: string): Redis => {
    const client = new Redis(url, { maxRetriesPerRequest: null, connectionName: `telltale:${name}`, lazyConnect: false });
    client.on('error', (error) => options.logger.warn({ err: error.message, connection: name }, 'redis connection error'));
    connections.push(client);
    return client;
  };
  const probe = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await assertNoEviction(probe);
  } catch (error) {
    child?.kill('SIGTERM');
    if (error instanceof RedisUnavailableError) throw error;
    throw new RedisUnavailableError(`REDIS_URL: cannot reach Redis at ${redact(url)} (${(error as Error).message}).`);
  } finally {
    probe.disconnect();
  }
  return {
    url,
    embedded: Boolean(child),
    connect,
    async stop() {
      for (const client of connections) {
        try {
          await client.quit();
        } catch {
          client.disconnect();
        }
      }
      if (child && child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((done) => setTimeout(done, 5000))]);
      }
    },
  };
}

/** BullMQ loses jobs when Redis evicts keys: refuse to start unless maxmemory-policy is noeviction. */
export async function assertNoEviction(client: Redis): Promise<void> {
  let policy: string | undefined;
  try {
    const reply = (await client.config('GET', 'maxmemory-policy')) as string[];
    policy = reply[1];
  } catch {
    // Managed Redis often disables CONFIG; INFO still reports the policy.
    const info = await client.info('memory');
    policy = /maxmemory_policy:(\S+)/.exec(info)?.[1];
  }
  if (policy !== 'noeviction') {
    throw new RedisUnavailableError(
      `Redis maxmemory-policy is "${policy ?? 'unknown'}"; Telltale's queues need "noeviction" (redis-cli CONFIG SET maxmemory-policy noeviction).`,
    );
  }
}

async function startPrivateRedis(dir: string, logger: Logger): Promise<{ url: string; child: ChildProcess }> {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) throw new RedisUnavailableError(REDIS_INSTALL_HINT);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  // Append-only persistence in the data dir: queued work survives a restart of the service.
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction', '--protected-mode', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = `redis://127.0.0.1:${port}`;
  await new Promise<void>((ready, fail) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        ready();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => fail(new RedisUnavailableError(`redis-server exited with code ${code}: ${output.trim().split('\n').pop() ?? ''}`)));
    setTimeout(() => fail(new RedisUnavailableError('redis-server did not start within 10 s')), 10_000).unref();
  });
  child.stdout?.resume();
  child.stderr?.resume();
  logger.info({ port, dir }, 'started private redis-server');
  return { url, child };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

const redact = (url: string): string => url.replace(/\/\/([^@/]*)@/, '//***@');
