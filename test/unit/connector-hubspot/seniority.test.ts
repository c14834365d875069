import { describe, expect, it } from 'vitest';
import { parseSeniority } from '../../../server/src/connectors/hubspot/seniority.js';

describe('parseSeniority', () => {
  it.each([
    ['CEO', 'executive'],
    ['Chief Revenue Officer', 'executive'],
    ['Co-Founder & CTO', 'executive'],
    ['President', 'executive'],
    ['Owner', 'executive'],
    ['Vice President, Sales', 'vp'],
    ['SVP Engineering', 'vp'],
    ['VP of Customer Success', 'vp'],
    ['Director of Operations', 'director'],
    ['Head of IT', 'director'],
    ['Customer Success Manager', 'manager'],
    ['Support Team Lead', 'manager'],
    ['Head of Support Team', 'manager'],
    ['Software Engineer', 'individual'],
    ['Product Owner', 'individual'],
    ['Executive Assistant to the CEO', 'individual'],
  ])('reads "%s" as %s', (title, expected) => {
    expect(parseSeniority(title)).toBe(expected);
  });

  it('has no seniority for a missing or blank title', () => {
    expect(parseSeniority(null)).toBeNull();
    expect(parseSeniority('   ')).toBeNull();
  });
});
