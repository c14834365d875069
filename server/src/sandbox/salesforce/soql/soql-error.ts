/** The error codes a SOQL query is refused with (REST API 400 bodies). */
export type SoqlErrorCode = 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE' | 'INVALID_QUERY_FILTER_OPERATOR' | 'NUMBER_OUTSIDE_VALID_RANGE';

/**
 * A refused query. The REST message follows Salesforce's layout: the query line, a caret under the
 * offending position, "ERROR at Row:R:Column:C" and the reason.
 */
export class SoqlError extends Error {
  override readonly name = 'SoqlError';
  constructor(
    readonly errorCode: SoqlErrorCode,
    readonly reason: string,
    /** Character offset in the query text the error points at. */
    readonly offset: number,
  ) {
    super(reason);
  }

  /** The message Salesforce sends for this error in `soql`. */
  messageFor(soql: string): string {
    const before = soql.slice(0, this.offset);
    const row = before.split('\n').length;
    const lineStart = before.lastIndexOf('\n') + 1;
    const lineEnd = soql.indexOf('\n', this.offset);
    const line = soql.slice(lineStart, lineEnd < 0 ? soql.length : lineEnd);
    const column = this.offset - lineStart + 1;
    return `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${this.reason}`;
  }
}

export function malformed(reason: string, offset: number): SoqlError {
  return new SoqlError('MALFORMED_QUERY', reason, offset);
}

export function unexpectedToken(text: string, offset: number): SoqlError {
  return malformed(`unexpected token: '${text}'`, offset);
}
