/**
 * `query?q=` and `queryAll?q=` (deleted records too), and `query/<locator>-<offset>` for the pages
 * after the first. A page holds 2,000 records, or the `Sforce-Query-Options: batchSize=N` asked for
 * (200 to 2,000); `nextRecordsUrl` is present while `done` is false.
 */
import type { Request, Response, Router } from 'express';
import { Router as createRouter } from 'express';
import { badRequest } from './errors.js';
import { renderRecord, type RecordView } from './record-view.js';
import type { QueryCursor } from './query-cursors.js';
import { addRoutes, apiVersion, type RouteContext } from './routing.js';
import { runSoql } from './soql/run-soql.js';
import { SoqlError } from './soql/soql-error.js';

const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;

/** The batch size a request asks for through Sforce-Query-Options, kept within 200–2,000. */
export function requestedBatchSize(req: Request): number | undefined {
  const match = /batchSize\s*=\s*(\d+)/i.exec(req.get('sforce-query-options') ?? '');
  if (!match) return undefined;
  return Math.min(DEFAULT_BATCH, Math.max(MIN_BATCH, Number(match[1])));
}

interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: RecordView[];
}

function page(ctx: RouteContext, cursor: QueryCursor, offset: number, batchSize: number, version: string): QueryPage {
  const end = Math.min(cursor.ids.length, offset + batchSize);
  const type = cursor.object.name;
  const records: RecordView[] = [];
  for (let i = offset; i < end; i++) {
    const record = ctx.store.get(type, cursor.ids[i] ?? '');
    if (record) records.push(renderRecord(version, type, record, cursor.fields));
  }
  const done = end >= cursor.ids.length;
  return { totalSize: cursor.ids.length, done, ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${cursor.locator}-${end}` }), records };
}

function runQuery(ctx: RouteContext, req: Request, res: Response, includeDeleted: boolean): void {
  const soql = typeof req.query.q === 'string' ? req.query.q : '';
  if (soql.trim() === '') throw badRequest('MALFORMED_QUERY', 'A query string has to be specified');
  let result;
  try {
    result = runSoql(soql, ctx.store, ctx.store.schema, { includeDeleted, nowMs: ctx.clock.now().getTime() });
  } catch (error) {
    if (error instanceof SoqlError) throw badRequest(error.errorCode, error.messageFor(soql));
    throw error;
  }
  if (result.count) {
    const { value, aggregate, alias } = result.count;
    res.json(aggregate ? { totalSize: 1, done: true, records: [{ attributes: { type: 'AggregateResult' }, [alias]: value }] } : { totalSize: value, done: true, records: [] });
    return;
  }
  const batchSize = requestedBatchSize(req) ?? DEFAULT_BATCH;
  const cursor = ctx.cursors.create(result.object, result.fields, result.ids, batchSize);
  res.json(page(ctx, cursor, 0, batchSize, apiVersion(res)));
}

export function queryRoutes(ctx: RouteContext): Router {
  const router = createRouter();
  addRoutes(router, ctx, '/query', { get: (req, res) => runQuery(ctx, req, res, false) });
  addRoutes(router, ctx, '/queryAll', { get: (req, res) => runQuery(ctx, req, res, true) });
  const more = (req: Request, res: Response): void => {
    const match = /^(\w{15,18})-(\d+)$/.exec(String(req.params.locator ?? ''));
    const cursor = match?.[1] ? ctx.cursors.find(match[1]) : undefined;
    const offset = Number(match?.[2] ?? Number.NaN);
    if (!cursor || !(offset <= cursor.ids.length)) throw badRequest('INVALID_QUERY_LOCATOR', 'invalid query locator');
    res.json(page(ctx, cursor, offset, requestedBatchSize(req) ?? cursor.batchSize, apiVersion(res)));
  };
  addRoutes(router, ctx, '/query/:locator', { get: more });
  addRoutes(router, ctx, '/queryAll/:locator', { get: more });
  return router;
}
