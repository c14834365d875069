/**
 * A recursive-descent parser for the SOQL a connector sends: SELECT fields (or COUNT()) FROM one
 * object, WHERE with AND / OR / NOT and parentheses, ORDER BY, LIMIT, OFFSET. Like Salesforce, it
 * refuses AND and OR mixed at one level without parentheses.
 */
import type { ComparisonOperator, Condition, DateFunction, FieldRef, Literal, OrderItem, SelectItem, SoqlQuery } from './soql-ast.js';
import { malformed, unexpectedToken } from './soql-error.js';
import { tokenize, type Token } from './tokenize.js';

const DATE_FUNCTIONS = new Set<DateFunction>(['TODAY', 'YESTERDAY', 'TOMORROW', 'LAST_N_DAYS', 'NEXT_N_DAYS', 'N_DAYS_AGO']);
const N_DAY_FUNCTIONS = new Set<DateFunction>(['LAST_N_DAYS', 'NEXT_N_DAYS', 'N_DAYS_AGO']);
const COMPARISONS = new Set(['=', '!=', '<>', '<', '<=', '>', '>=']);
const RESERVED = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'INCLUDES', 'EXCLUDES', 'ORDER', 'BY', 'LIMIT', 'OFFSET', 'NULL', 'TRUE', 'FALSE', 'GROUP', 'HAVING']);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.i++;
    return token;
  }

  private isKeyword(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'word' && token.text.toUpperCase() === word;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.i++;
    return true;
  }

  private expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) throw unexpectedToken(this.peek().text, this.peek().offset);
    return this.next();
  }

  private acceptSymbol(symbol: string): boolean {
    const token = this.peek();
    if (token.kind !== 'symbol' || token.text !== symbol) return false;
    this.i++;
    return true;
  }

  private expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw unexpectedToken(this.peek().text, this.peek().offset);
  }

  private fieldRef(): FieldRef {
    const token = this.peek();
    if (token.kind !== 'word' || RESERVED.has(token.text.toUpperCase())) throw unexpectedToken(token.text, token.offset);
    this.i++;
    return { path: token.text, offset: token.offset };
  }

  private integer(): { value: number; offset: number } {
    const token = this.next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) throw unexpectedToken(token.text, token.offset);
    return { value: Number(token.text), offset: token.offset };
  }

  query(): SoqlQuery {
    this.expectKeyword('SELECT');
    const select = this.selectList();
    this.expectKeyword('FROM');
    const from = this.fieldRef();
    if (from.path.includes('.')) throw unexpectedToken(from.path, from.offset);
    const query: SoqlQuery = { select, from: { name: from.path, offset: from.offset }, orderBy: [] };
    if (this.acceptKeyword('WHERE')) query.where = this.condition();
    if (this.acceptKeyword('ORDER')) {
      this.expectKeyword('BY');
      query.orderBy = this.orderList();
    }
    if (this.acceptKeyword('LIMIT')) query.limit = this.integer().value;
    if (this.acceptKeyword('OFFSET')) {
      const offset = this.integer();
      query.offset = offset.value;
      query.offsetAt = offset.offset;
    }
    const end = this.peek();
    if (end.kind !== 'eof') throw unexpectedToken(end.text, end.offset);
    return query;
  }

  private selectList(): SelectItem[] {
    const items: SelectItem[] = [];
    do {
      if (this.isKeyword('COUNT') && this.peek(1).text === '(') {
        const offset = this.next().offset;
        this.expectSymbol('(');
        const field = this.acceptSymbol(')') ? undefined : this.fieldRef();
        if (field) this.expectSymbol(')');
        const alias = field && this.peek().kind === 'word' && !this.isKeyword('FROM') ? this.next().text : undefined;
        items.push({ kind: 'count', offset, ...(field ? { field } : {}), ...(alias ? { alias } : {}) });
      } else {
        items.push({ kind: 'field', field: this.fieldRef() });
      }
    } while (this.acceptSymbol(','));
    return items;
  }

  /** A run of terms joined by one connective; the other connective needs parentheses. */
  private condition(): Condition {
    const first = this.term();
    const connective = this.isKeyword('AND') ? 'AND' : this.isKeyword('OR') ? 'OR' : undefined;
    if (!connective) return first;
    const items = [first];
    while (this.acceptKeyword(connective)) items.push(this.term());
    const other = connective === 'AND' ? 'OR' : 'AND';
    if (this.isKeyword(other)) throw unexpectedToken(this.peek().text, this.peek().offset);
    return { kind: connective === 'AND' ? 'and' : 'or', items };
  }

  private term(): Condition {
    if (this.acceptKeyword('NOT')) return { kind: 'not', item: this.term() };
    if (this.acceptSymbol('(')) {
      const inner = this.condition();
      this.expectSymbol(')');
      return inner;
    }
    const field = this.fieldRef();
    if (this.isKeyword('NOT') && this.isKeyword('IN', 1)) {
      this.i += 2;
      return { kind: 'in', field, negated: true, values: this.literalList() };
    }
    if (this.acceptKeyword('IN')) return { kind: 'in', field, negated: false, values: this.literalList() };
    if (this.acceptKeyword('INCLUDES')) return { kind: 'includes', field, negated: false, values: this.literalList() };
    if (this.acceptKeyword('EXCLUDES')) return { kind: 'includes', field, negated: true, values: this.literalList() };
    if (this.acceptKeyword('LIKE')) return { kind: 'compare', field, op: 'LIKE', value: this.literal() };
    const op = this.peek();
    if (op.kind !== 'symbol' || !COMPARISONS.has(op.text)) throw unexpectedToken(op.text, op.offset);
    this.i++;
    const normalised = (op.text === '<>' ? '!=' : op.text) as ComparisonOperator;
    return { kind: 'compare', field, op: normalised, value: this.literal() };
  }

  private literalList(): Literal[] {
    this.expectSymbol('(');
    const values = [this.literal()];
    while (this.acceptSymbol(',')) values.push(this.literal());
    this.expectSymbol(')');
    return values;
  }

  private literal(): Literal {
    const token = this.next();
    const { offset } = token;
    switch (token.kind) {
      case 'string':
        return { kind: 'string', raw: token.text, offset };
      case 'number':
        return { kind: 'number', value: Number(token.text), offset };
      case 'date':
        return { kind: 'date', text: token.text, offset };
      case 'datetime':
        return { kind: 'datetime', text: token.text, offset };
      case 'word': {
        const word = token.text.toUpperCase();
        if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE', offset };
        if (word === 'NULL') return { kind: 'null', offset };
        if (DATE_FUNCTIONS.has(word as DateFunction)) return this.dateFunction(word as DateFunction, offset);
        throw unexpectedToken(token.text, offset);
      }
      default:
        throw unexpectedToken(token.text, offset);
    }
  }

  private dateFunction(name: DateFunction, offset: number): Literal {
    if (!N_DAY_FUNCTIONS.has(name)) return { kind: 'dateFunction', name, n: 0, offset };
    this.expectSymbol(':');
    return { kind: 'dateFunction', name, n: this.integer().value, offset };
  }

  private orderList(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      const field = this.fieldRef();
      const descending = this.acceptKeyword('DESC') ? true : (this.acceptKeyword('ASC'), false);
      let nullsFirst = !descending;
      if (this.acceptKeyword('NULLS')) {
        if (this.acceptKeyword('FIRST')) nullsFirst = true;
        else if (this.acceptKeyword('LAST')) nullsFirst = false;
        else throw unexpectedToken(this.peek().text, this.peek().offset);
      }
      items.push({ field, descending, nullsFirst });
    } while (this.acceptSymbol(','));
    return items;
  }
}

/** Parses SOQL text; throws SoqlError (MALFORMED_QUERY) for what Salesforce would refuse to parse. */
export function parseSoql(soql: string): SoqlQuery {
  if (soql.trim() === '') throw malformed('unexpected token: <EOF>', 0);
  return new Parser(tokenize(soql)).query();
}
