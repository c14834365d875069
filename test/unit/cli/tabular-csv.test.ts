import { describe, expect, it } from 'vitest';
import { CsvFormatError, CsvParser, csvCell, readCsvRecords, type CsvRecord } from '../../../server/src/scoring/tabular-csv.js';

/** Parses `text` pushed in pieces of `size` characters. */
function parse(text: string, size = text.length || 1): CsvRecord[] {
  const parser = new CsvParser();
  const records: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)));
  return [...records, ...parser.end()];
}

const fields = (records: CsvRecord[]) => records.map((r) => r.fields);

describe('the CSV reader of predict', () => {
  const text = '\uFEFFid,name,note\r\n1,"Smith, Jo","said ""hi""\nthen left"\r\n\r\n2,plain,x"y\n3,,""\n';
  const expected = [
    ['id', 'name', 'note'],
    ['1', 'Smith, Jo', 'said "hi"\nthen left'],
    ['2', 'plain', 'x"y'],
    ['3', '', ''],
  ];

  it('reads quoted fields, doubled quotes, line breaks inside quotes, CRLF, a BOM and skips blank lines', () => {
    const records = parse(text);
    expect(fields(records)).toEqual(expected);
    expect(records.map((r) => r.line)).toEqual([1, 2, 5, 6]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const whole = fields(parse(text));
    for (const size of [1, 2, 3, 5, 7]) expect(fields(parse(text, size))).toEqual(whole);
  });

  it('reads a last record without a line break and lone CR line ends', () => {
    expect(fields(parse('a,b\r1,2'))).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('refuses text after a closing quote, naming the line', () => {
    expect(() => parse('a,b\n1,2\n"x"y,3\n')).toThrow(new CsvFormatError(3, '"," or a line end expected after the closing quote of field 1'));
  });

  it('refuses a quoted field that never closes, naming the line it starts on', () => {
    expect(() => parse('a,b\n1,"open\n\n2,3\n')).toThrow(/^line 2: the quoted field 2 is never closed$/);
  });

  it('decodes UTF-8 split across buffers and refuses bytes that are not UTF-8', async () => {
    const bytes = Buffer.from('name\ncafé\n');
    const chunks = [bytes.subarray(0, 9), bytes.subarray(9)];
    const records: CsvRecord[] = [];
    for await (const batch of readCsvRecords(chunks)) records.push(...batch);
    expect(fields(records)).toEqual([['name'], ['café']]);
    const bad = readCsvRecords([Buffer.from([0x61, 0x0a, 0xff, 0x0a])]);
    await expect(async () => {
      for await (const _ of bad) void _;
    }).rejects.toThrow(/not UTF-8/);
  });

  it('quotes an output cell only when it must', () => {
    expect([csvCell('plain'), csvCell('a,b'), csvCell('say "x"'), csvCell('two\nlines')]).toEqual(['plain', '"a,b"', '"say ""x"""', '"two\nlines"']);
  });
});
