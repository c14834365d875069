/** A row-returning query result. */
export interface QueryResult<Row> {
  rows: Row[];
  affectedRows: number;
}

/** What every store module talks to: PostgreSQL (pg pool) or embedded PGlite, with one SQL dialect. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs several statements separated by semicolons, with no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs fn inside one transaction; rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
