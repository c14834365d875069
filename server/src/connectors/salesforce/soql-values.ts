/** A SOQL string literal: single quotes, with backslash and quote escaped as SOQL requires. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The parenthesised list of an `IN (...)` condition. */
export function soqlInList(values: readonly string[]): string {
  if (values.length === 0) throw new RangeError('a SOQL IN list needs at least one value');
  return `(${values.map(soqlString).join(', ')})`;
}
