import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Command } from 'commander';
import { parseConfig } from '../config/env.js';
import { exportTrainingTable } from '../features/training-table.js';
import { openDatabase } from '../store/open-database.js';
import { listTenants } from '../store/tenants.js';
import { failAndExit } from './fail.js';
import { createProgress } from './progress.js';
import { findRunningService } from './service-client.js';

export function registerExport(program: Command): void {
  program
    .command('export-training-table')
    .description('write the training table (one row per account per monthly snapshot: features + later outcomes) as CSV')
    .requiredOption('--out <file>', 'CSV file to write')
    .option('--tenant <id>', 'tenant to export (default: the only tenant, or the sandbox tenant)')
    .action(async (options: { out: string; tenant?: string }) => {
      try {
        await runExport(options.out, options.tenant);
      } catch (error) {
        failAndExit(error);
      }
    });
}

async function runExport(out: string, tenantFilter: string | undefined): Promise<void> {
  const config = parseConfig();
  const partial = `${out}.partial`;
  const running = config.databaseUrl ? undefined : await findRunningService(config.dataDir);
  if (running) {
    // Embedded PGlite belongs to the running service: ask it for the table.
    const path = `/api/v1/tenants/${encodeURIComponent(tenantFilter ?? '_default')}/training-table`;
    const response = await fetch(`${running.url}${path}`, { headers: { authorization: `Bearer ${running.adminToken}` } });
    if (!response.ok || !response.body) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    const progress = createProgress('export');
    let bytes = 0;
    const counter = new Writable({
      write(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        progress.update(Math.round(bytes / 1024), undefined, 'KiB');
        file.write(chunk, done);
      },
      final(done) {
        file.end(done);
      },
    });
    const file = createWriteStream(partial);
    await pipeline(Readable.fromWeb(response.body as WebReadableStream), counter);
    await rename(partial, out);
    progress.finish(`wrote ${out} (${Math.round(bytes / 1024)} KiB) through ${running.url}`);
    return;
  }
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const tenants = await listTenants(db);
    const tenant = tenantFilter ? tenants.find((t) => t.id === tenantFilter) : tenants.length === 1 ? tenants[0] : tenants.find((t) => t.isSandbox);
    if (!tenant) throw new Error(tenantFilter ? `--tenant: no tenant "${tenantFilter}"` : `--tenant is needed (tenants: ${tenants.map((t) => t.id).join(', ') || 'none — run telltale sync first'})`);
    const progress = createProgress('export');
    const file = createWriteStream(partial);
    const result = await exportTrainingTable({ db, tenantId: tenant.id, out: file, onProgress: (done, total) => progress.update(done, total, 'accounts') });
    await new Promise<void>((done, fail) => file.end((error?: Error | null) => (error ? fail(error) : done())));
    await rename(partial, out);
    progress.finish(`wrote ${result.rows} rows (${result.accounts} accounts, ${result.snapshots} snapshot dates) to ${out}`);
  } finally {
    await db.close();
  }
}
