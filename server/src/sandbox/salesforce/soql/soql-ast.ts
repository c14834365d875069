/** The parsed form of the SOQL the sandbox understands (one object, no relationships or aggregates but COUNT). */

/** A field as written in the query (`path` may be dotted) and where. */
export interface FieldRef {
  path: string;
  offset: number;
}

export type SelectItem = { kind: 'field'; field: FieldRef } | { kind: 'count'; field?: FieldRef; alias?: string; offset: number };

export type DateFunction = 'TODAY' | 'YESTERDAY' | 'TOMORROW' | 'LAST_N_DAYS' | 'NEXT_N_DAYS' | 'N_DAYS_AGO';

export type Literal =
  | { kind: 'string'; raw: string; offset: number }
  | { kind: 'number'; value: number; offset: number }
  | { kind: 'boolean'; value: boolean; offset: number }
  | { kind: 'null'; offset: number }
  | { kind: 'date'; text: string; offset: number }
  | { kind: 'datetime'; text: string; offset: number }
  | { kind: 'dateFunction'; name: DateFunction; n: number; offset: number };

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE';

export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; field: FieldRef; op: ComparisonOperator; value: Literal }
  | { kind: 'in'; field: FieldRef; negated: boolean; values: Literal[] }
  | { kind: 'includes'; field: FieldRef; negated: boolean; values: Literal[] };

export interface OrderItem {
  field: FieldRef;
  descending: boolean;
  nullsFirst: boolean;
}

export interface SoqlQuery {
  select: SelectItem[];
  from: { name: string; offset: number };
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
  /** Offset of the OFFSET value (for its range error). */
  offsetAt?: number;
}
