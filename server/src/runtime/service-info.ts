import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** Where a running service advertises itself to the CLI on the same machine. */
export const serviceFile = (dataDir: string): string => join(resolve(dataDir), 'service.json');

export const serviceInfoSchema = z.object({ url: z.string(), pid: z.number(), adminToken: z.string(), startedAt: z.string() });
export type ServiceInfo = z.output<typeof serviceInfoSchema>;

export function writeServiceInfo(dataDir: string, info: ServiceInfo): void {
  mkdirSync(resolve(dataDir), { recursive: true });
  writeFileSync(serviceFile(dataDir), JSON.stringify(info, null, 2), { mode: 0o600 });
}

export function readServiceInfo(dataDir: string): ServiceInfo | undefined {
  try {
    return serviceInfoSchema.parse(JSON.parse(readFileSync(serviceFile(dataDir), 'utf8')));
  } catch {
    return undefined;
  }
}
