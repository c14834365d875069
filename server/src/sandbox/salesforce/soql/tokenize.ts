/** Splits SOQL text into tokens, each with its offset (for Salesforce's "ERROR at Row:Column" messages). */
import { malformed, unexpectedToken } from './soql-error.js';

export type TokenKind = 'word' | 'string' | 'number' | 'date' | 'datetime' | 'symbol' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The token as written (for strings: the characters between the quotes, escapes undecoded). */
  text: string;
  offset: number;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER = /^[-+]?\d+(?:\.\d+)?(?![\w.])/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;
const SYMBOLS = ['!=', '<>', '<=', '>=', '(', ')', ',', '=', '<', '>', ':'];
const STRING_ESCAPES = new Set(['n', 'r', 't', 'b', 'f', '"', "'", '\\', '_', '%']);

function readString(soql: string, start: number): Token {
  let i = start + 1;
  while (i < soql.length) {
    const c = soql[i];
    if (c === '\\') {
      const next = soql[i + 1] ?? '';
      if (!STRING_ESCAPES.has(next)) {
        const literal = soql.slice(start, soql.indexOf("'", i + 2) + 1 || soql.length);
        throw malformed(`Invalid string literal '${literal.slice(1, -1)}'. Illegal character sequence '\\${next}' in string literal.`, start);
      }
      i += 2;
      continue;
    }
    if (c === "'") return { kind: 'string', text: soql.slice(start + 1, i), offset: start };
    i++;
  }
  throw malformed(`line 1:${start} mismatched character '<EOF>' expecting '''`, start);
}

export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = soql.slice(i);
    if (c === "'") {
      const token = readString(soql, i);
      tokens.push(token);
      i += token.text.length + 2;
      continue;
    }
    const match =
      (DATETIME.exec(rest) && { kind: 'datetime' as const, re: DATETIME }) ||
      (DATE.exec(rest) && { kind: 'date' as const, re: DATE }) ||
      (NUMBER.exec(rest) && { kind: 'number' as const, re: NUMBER }) ||
      (WORD.exec(rest) && { kind: 'word' as const, re: WORD });
    if (match) {
      const text = match.re.exec(rest)?.[0] ?? '';
      tokens.push({ kind: match.kind, text, offset: i });
      i += text.length;
      continue;
    }
    const symbol = SYMBOLS.find((s) => rest.startsWith(s));
    if (!symbol) throw unexpectedToken(c, i);
    tokens.push({ kind: 'symbol', text: symbol, offset: i });
    i += symbol.length;
  }
  tokens.push({ kind: 'eof', text: '<EOF>', offset: soql.length });
  return tokens;
}

const ESCAPED: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/** The value of a string literal, escapes decoded. */
export function decodeString(raw: string): string {
  return raw.replace(/\\(.)/g, (_, c: string) => ESCAPED[c] ?? c);
}

/** A LIKE pattern as a case-insensitive regular expression: `%` any run, `_` one character, `\%` and `\_` themselves. */
export function likeRegExp(raw: string): RegExp {
  let source = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (c === '\\') {
      const next = raw[++i] ?? '';
      source += (ESCAPED[next] ?? next).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}
