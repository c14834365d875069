import { describe, expect, it } from 'vitest';
import { changedAt, cursorAfterPage } from '../../../server/src/connectors/salesforce/stream-cursor.js';

const t = (iso: string) => Date.parse(iso);

describe('the stream cursor after a page', () => {
  it('stops before the timestamp the page ends on when more pages follow', () => {
    const times = [t('2025-01-01T00:00:01Z'), t('2025-01-01T00:00:02Z'), t('2025-01-01T00:00:03Z'), t('2025-01-01T00:00:03Z')];
    expect(cursorAfterPage(times, false, null)).toBe('2025-01-01T00:00:02.000Z');
  });

  it('covers every record read after the last page', () => {
    const times = [t('2025-01-01T00:00:01Z'), t('2025-01-01T00:00:03Z'), t('2025-01-01T00:00:03Z')];
    expect(cursorAfterPage(times, true, null)).toBe('2025-01-01T00:00:03.000Z');
  });

  it('does not move on a page whose records all share one timestamp', () => {
    const times = [t('2025-01-01T00:00:05Z'), t('2025-01-01T00:00:05Z')];
    expect(cursorAfterPage(times, false, '2025-01-01T00:00:04.000Z')).toBe('2025-01-01T00:00:04.000Z');
    expect(cursorAfterPage(times, false, null)).toBeNull();
  });

  it('never moves backwards and keeps its place on an empty page', () => {
    expect(cursorAfterPage([t('2024-12-31T00:00:00Z')], true, '2025-01-01T00:00:00.000Z')).toBe('2025-01-01T00:00:00.000Z');
    expect(cursorAfterPage([], true, '2025-01-01T00:00:00.000Z')).toBe('2025-01-01T00:00:00.000Z');
  });

  it("reads a record's change time in Salesforce's datetime format", () => {
    expect(changedAt({ SystemModstamp: '2025-03-01T12:34:56.000+0000' }, 'SystemModstamp')).toBe(t('2025-03-01T12:34:56Z'));
    expect(changedAt({}, 'SystemModstamp')).toBe(0);
  });
});
