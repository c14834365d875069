import { describe, expect, it } from 'vitest';
import { CsvFormatError } from '../../../server/src/scoring/tabular-csv.js';
import { MISSING_VALUES, encodeRow, type InputColumn } from '../../../server/src/scoring/tabular-inputs.js';

const columns: InputColumn[] = [
  { name: 'plan', categories: new Map([['basic', 0], ['pro', 1]]) },
  { name: 'seats', categories: null },
];

describe('a CSV row as model input', () => {
  it('turns categories into codes and numbers into numbers, trimming spaces and tabs', () => {
    const row = encodeRow(['x', ' pro\t', ' 12.5e1 '], [1, 2], columns, 2);
    expect(Array.from(row.values)).toEqual([1, 125]);
    expect(row.unseen).toEqual([]);
  });

  it('reads every missing marker of the training pipeline as missing', () => {
    for (const marker of MISSING_VALUES) {
      const row = encodeRow([marker, marker], [0, 1], columns, 2);
      expect(Array.from(row.values).every(Number.isNaN), JSON.stringify(marker)).toBe(true);
      expect(row.unseen).toEqual([]);
    }
  });

  it('makes a category the model never saw missing and names its column', () => {
    const row = encodeRow(['platinum', '3'], [0, 1], columns, 2);
    expect(Number.isNaN(row.values[0]!)).toBe(true);
    expect(row.unseen).toEqual(['plan']);
  });

  it('refuses text in a numeric column, naming the line and the column', () => {
    expect(() => encodeRow(['pro', '1,200'], [0, 1], columns, 7)).toThrow(CsvFormatError);
    expect(() => encodeRow(['pro', 'lots'], [0, 1], columns, 7)).toThrow(/^line 7: column "seats" holds numbers, but this row has "lots"$/);
    expect(() => encodeRow(['pro', 'Infinity'], [0, 1], columns, 7)).toThrow(/Infinity/);
  });
});
