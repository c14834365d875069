import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

/** One canned answer: status, body (JSON unless `html`), headers; `hang` never answers. */
export interface CannedAnswer {
  status: number;
  body?: unknown;
  html?: string;
  headers?: Record<string, string>;
  hang?: boolean;
}

const fixtureDir = new URL('../../unit/connector-salesforce/fixtures/', import.meta.url);

/** A canned error answer from the unit tests' fixtures (Salesforce's own error bodies). */
export function cannedError(name: string, headers: Record<string, string> = {}): CannedAnswer {
  if (name.endsWith('.html')) return { status: 502, html: readFileSync(new URL(name, fixtureDir), 'utf8'), headers };
  const { status, body } = JSON.parse(readFileSync(new URL(`${name}.json`, fixtureDir), 'utf8')) as { status: number; body: unknown };
  return { status, body, headers };
}

/** An empty query result, as /query answers when nothing matches. */
export const emptyQuery = (headers: Record<string, string> = {}): CannedAnswer => ({ status: 200, body: { totalSize: 0, done: true, records: [] }, headers });

/**
 * A server that answers REST requests under /services/data/v62.0 with queued canned answers (an
 * empty query result once the queue is empty) and counts what it received: for checking what jsforce
 * makes of each answer Salesforce may send.
 */
export async function startCannedOrg() {
  const queue: CannedAnswer[] = [];
  const received: Array<{ method: string; path: string; authorization: string | undefined }> = [];
  const app = express();
  app.use('/services/data/v62.0', (req, res) => {
    received.push({ method: req.method, path: req.path, authorization: req.get('authorization') });
    const answer = queue.shift() ?? emptyQuery();
    if (answer.hang) return;
    res.status(answer.status).set(answer.headers ?? {});
    if (answer.html !== undefined) res.type('text/html').send(answer.html);
    else res.json(answer.body);
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    answer: (...answers: CannedAnswer[]) => void queue.push(...answers),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
