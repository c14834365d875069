import { describe, expect, it } from 'vitest';
import { parseSoql } from '../../../server/src/sandbox/salesforce/soql/parse-soql.js';
import { SoqlError } from '../../../server/src/sandbox/salesforce/soql/soql-error.js';
import { decodeString, likeRegExp } from '../../../server/src/sandbox/salesforce/soql/tokenize.js';

function refusal(soql: string): SoqlError {
  try {
    parseSoql(soql);
  } catch (error) {
    if (error instanceof SoqlError) return error;
    throw error;
  }
  throw new Error(`parsed: ${soql}`);
}

describe('SOQL parser', () => {
  it('reads fields, object, a nested WHERE, ORDER BY with NULLS, LIMIT and OFFSET', () => {
    const query = parseSoql(
      "select Id, Name FROM Account where (ARR__c >= 1000 or Type = 'Customer') and not Name like 'A%' order by ARR__c desc nulls last, Name limit 50 offset 10",
    );
    expect(query.select).toEqual([{ kind: 'field', field: { path: 'Id', offset: 7 } }, { kind: 'field', field: { path: 'Name', offset: 11 } }]);
    expect(query.from).toEqual({ name: 'Account', offset: 21 });
    expect(query.where).toMatchObject({
      kind: 'and',
      items: [
        { kind: 'or', items: [{ kind: 'compare', op: '>=', value: { kind: 'number', value: 1000 } }, { kind: 'compare', op: '=', value: { kind: 'string', raw: 'Customer' } }] },
        { kind: 'not', item: { kind: 'compare', op: 'LIKE', value: { raw: 'A%' } } },
      ],
    });
    expect(query.orderBy).toEqual([
      { field: { path: 'ARR__c', offset: expect.any(Number) }, descending: true, nullsFirst: false },
      { field: { path: 'Name', offset: expect.any(Number) }, descending: false, nullsFirst: true },
    ]);
    expect(query).toMatchObject({ limit: 50, offset: 10 });
  });

  it('reads datetime, date, boolean, null, negative number and date-function literals', () => {
    const query = parseSoql(
      'SELECT Id FROM Task WHERE SystemModstamp > 2025-01-01T00:00:00Z AND CreatedDate < 2025-01-01T00:00:00.000+0000 AND ActivityDate = 2025-02-03 AND IsClosed = false AND WhoId != null AND CallDurationInSeconds > -5 AND CreatedDate = LAST_N_DAYS:30',
    );
    const items = query.where?.kind === 'and' ? query.where.items : [];
    expect(items.map((c) => (c.kind === 'compare' ? c.value : undefined))).toEqual([
      { kind: 'datetime', text: '2025-01-01T00:00:00Z', offset: expect.any(Number) },
      { kind: 'datetime', text: '2025-01-01T00:00:00.000+0000', offset: expect.any(Number) },
      { kind: 'date', text: '2025-02-03', offset: expect.any(Number) },
      { kind: 'boolean', value: false, offset: expect.any(Number) },
      { kind: 'null', offset: expect.any(Number) },
      { kind: 'number', value: -5, offset: expect.any(Number) },
      { kind: 'dateFunction', name: 'LAST_N_DAYS', n: 30, offset: expect.any(Number) },
    ]);
  });

  it('reads IN, NOT IN, INCLUDES and COUNT()', () => {
    const query = parseSoql("SELECT COUNT() FROM Contact WHERE AccountId IN ('001A', '001B') AND Id NOT IN ('003C') AND Buying_Role__c INCLUDES ('Champion;Influencer')");
    expect(query.select).toEqual([{ kind: 'count', offset: 7 }]);
    const items = query.where?.kind === 'and' ? query.where.items : [];
    expect(items.map((c) => [c.kind, 'negated' in c ? c.negated : undefined, 'values' in c ? c.values.length : 0])).toEqual([['in', false, 2], ['in', true, 1], ['includes', false, 1]]);
  });

  it('refuses AND and OR mixed without parentheses, at the second connective', () => {
    const soql = "SELECT Id FROM Account WHERE Name = 'a' AND Type = 'b' OR Type = 'c'";
    const error = refusal(soql);
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.messageFor(soql)).toBe(`\n${soql}\n${' '.repeat(soql.indexOf(' OR') + 1)}^\nERROR at Row:1:Column:${soql.indexOf(' OR') + 2}\nunexpected token: 'OR'`);
  });

  it('refuses a missing FROM, trailing tokens, unknown clauses and bad escapes with MALFORMED_QUERY', () => {
    expect(refusal('SELECT Id Account').reason).toBe("unexpected token: 'Account'");
    expect(refusal('SELECT Id FROM Account LIMIT 5 5').reason).toBe("unexpected token: '5'");
    expect(refusal('SELECT Id FROM Account GROUP BY Name').reason).toBe("unexpected token: 'GROUP'");
    expect(refusal("SELECT Id FROM Account WHERE Name = 'a\\qb'").reason).toContain("Illegal character sequence '\\q' in string literal");
    expect(refusal('SELECT Id FROM Account WHERE').reason).toBe("unexpected token: '<EOF>'");
    expect(refusal('').errorCode).toBe('MALFORMED_QUERY');
  });

  it('decodes string escapes and turns LIKE patterns into case-insensitive expressions', () => {
    expect(decodeString("O\\'Brien\\n")).toBe("O'Brien\n");
    expect(likeRegExp('Acme%').test('acme logistics')).toBe(true);
    expect(likeRegExp('A_me').test('Acme')).toBe(true);
    expect(likeRegExp('100\\%').test('100%')).toBe(true);
    expect(likeRegExp('100\\%').test('1000')).toBe(false);
    expect(likeRegExp('a.c').test('abc')).toBe(false);
  });
});
