import { readServiceInfo, type ServiceInfo } from '../runtime/service-info.js';

/** A running Telltale service on this machine, found through the data dir's service.json. */
export async function findRunningService(dataDir: string): Promise<ServiceInfo | undefined> {
  const info = readServiceInfo(dataDir);
  if (!info) return undefined;
  try {
    process.kill(info.pid, 0);
  } catch {
    return undefined;
  }
  try {
    const response = await fetch(`${info.url}/healthz`, { signal: AbortSignal.timeout(2000) });
    return response.ok ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Calls the service's admin API; throws with the service's own message on a non-2xx answer. */
export async function adminRequest<T>(service: ServiceInfo, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${service.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // not JSON: keep the text
    }
    throw new Error(`${method} ${path} answered ${response.status}: ${message}`);
  }
  return JSON.parse(text) as T;
}
