import type { Queryable } from './database.js';

/** A column of a bulk write: its name and its Postgres type (for the unnest array cast). */
export interface BulkColumn<Row> {
  name: string;
  type: 'text' | 'integer' | 'bigint' | 'numeric' | 'boolean' | 'date' | 'timestamptz' | 'jsonb' | 'smallint' | 'text[]';
  value: (row: Row) => unknown;
}

export interface UpsertOptions<Row> {
  table: string;
  columns: BulkColumn<Row>[];
  /** The conflict target (primary key or unique columns). */
  key: string[];
  /** Columns overwritten on conflict; default: every non-key column. Empty: do nothing on conflict. */
  update?: string[];
  /** Extra SQL for the update's WHERE (e.g. only when newer), referencing `excluded` and the table. */
  updateWhere?: string;
  /**
   * A column that records when the row's content last changed (`synced_at`): on conflict it takes
   * the new value only when another updated column, `ignoring` some, differs from the stored one.
   */
  changeStamp?: { column: string; ignoring: string[] };
  /** Rows per statement; one statement carries one array parameter per column. */
  chunkSize?: number;
}

/**
 * Multi-row upsert with one array parameter per column (`insert ... select from unnest(...)`), so a
 * statement carries thousands of rows with no parameter-count limit. Returns rows written.
 */
export async function upsertRows<Row>(db: Queryable, rows: readonly Row[], options: UpsertOptions<Row>): Promise<number> {
  if (rows.length === 0) return 0;
  const { table, columns, key } = options;
  const update = options.update ?? columns.map((c) => c.name).filter((name) => !key.includes(name));
  const names = columns.map((c) => c.name).join(', ');
  // text[] columns cannot be unnested from a 2-D array; they travel as jsonb and are cast back.
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type === 'text[]' ? 'jsonb' : c.type}[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`);
  const selects = columns
    .map((c, i) => (c.type === 'text[]' ? `array(select jsonb_array_elements_text(u.c${i}))` : `u.c${i}`))
    .join(', ');
  const conflict =
    update.length === 0
      ? `on conflict (${key.join(', ')}) do nothing`
      : `on conflict (${key.join(', ')}) do update set ${update.map((name) => `${name} = ${updatedValue(table, name, update, options.changeStamp)}`).join(', ')}` +
        (options.updateWhere ? ` where ${options.updateWhere}` : '');
  const sql = `insert into ${table} (${names}) select ${selects} from unnest(${arrays}) as u(${aliases.join(', ')}) ${conflict}`;
  const chunkSize = options.chunkSize ?? 5000;
  let written = 0;
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    const params = columns.map((column) => chunk.map((row) => toParam(column.value(row), column.type)));
    const result = await db.query(sql, params);
    written += result.affectedRows;
  }
  return written;
}

/** `excluded.<name>`, or for the change stamp: the new value only when the row's content changed. */
function updatedValue(table: string, name: string, update: readonly string[], stamp: UpsertOptions<unknown>['changeStamp']): string {
  if (!stamp || name !== stamp.column) return `excluded.${name}`;
  const content = update.filter((column) => column !== stamp.column && !stamp.ignoring.includes(column));
  if (content.length === 0) return `${table}.${name}`;
  const stored = content.map((column) => `${table}.${column}`).join(', ');
  const incoming = content.map((column) => `excluded.${column}`).join(', ');
  return `case when (${stored}) is distinct from (${incoming}) then excluded.${name} else ${table}.${name} end`;
}

function toParam(value: unknown, type: BulkColumn<unknown>['type']): unknown {
  if (value === undefined || value === null) return null;
  if (type === 'jsonb' || type === 'text[]') return JSON.stringify(value);
  if (value instanceof Date) return type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  return value;
}
