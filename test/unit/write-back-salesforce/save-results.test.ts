import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recordOutcomes, UnreadableSaveResultsError } from '../../../server/src/connectors/salesforce/save-results.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('sObject Collections results', () => {
  it('classifies each record of a mixed Account update by its status code', () => {
    const outcomes = recordOutcomes(fixture('account-update-mixed.json'), 7);
    expect(outcomes.map((o) => (o?.saved ? 'saved' : `${o?.kind}:${o?.statusCode}`))).toEqual([
      'saved',
      'temporary:UNABLE_TO_LOCK_ROW',
      'gone:ENTITY_IS_DELETED',
      'gone:INVALID_CROSS_REFERENCE_KEY',
      'refused:FIELD_CUSTOM_VALIDATION_EXCEPTION',
      'refused:STRING_TOO_LONG',
      'refused:INVALID_FIELD',
    ]);
    expect(outcomes[0]).toEqual({ saved: true, id: '001000000000001AAA' });
    expect(outcomes[5]).toEqual({
      saved: false,
      kind: 'refused',
      statusCode: 'STRING_TOO_LONG',
      message: 'Next best action: data value too large: Review the account with its sponsor and the support lead before the QBR (max length=40) (fields: Telltale_Next_Best_Action__c)',
      fields: ['Telltale_Next_Best_Action__c'],
    });
  });

  it('treats a record as temporary only when every error is temporary', () => {
    const outcomes = recordOutcomes(fixture('task-create-mixed.json'), 3);
    expect(outcomes[1]).toMatchObject({ saved: false, kind: 'gone', statusCode: 'INVALID_CROSS_REFERENCE_KEY', fields: ['OwnerId'] });
    expect(outcomes[2]).toMatchObject({
      saved: false,
      kind: 'refused',
      statusCode: 'REQUIRED_FIELD_MISSING',
      message: 'unable to obtain exclusive access to this record; Required fields are missing: [Subject] (fields: Subject)',
    });
  });

  it('reads the errorCode spelling of jsforce types and a failure without errors', () => {
    const outcomes = recordOutcomes(
      [
        { success: false, errors: [{ errorCode: 'UNABLE_TO_LOCK_ROW', message: 'locked' }] },
        { success: false, errors: [] },
      ],
      2,
    );
    expect(outcomes[0]).toMatchObject({ kind: 'temporary', statusCode: 'UNABLE_TO_LOCK_ROW', message: 'locked' });
    expect(outcomes[1]).toMatchObject({ kind: 'refused', statusCode: 'UNKNOWN_EXCEPTION' });
  });

  it('leaves records the answer does not cover without an outcome', () => {
    const outcomes = recordOutcomes([{ id: '001000000000001AAA', success: true, errors: [] }], 3);
    expect(outcomes).toEqual([{ saved: true, id: '001000000000001AAA' }, undefined, undefined]);
  });

  it('refuses an answer that is not a list of SaveResults', () => {
    expect(() => recordOutcomes({ message: 'upstream error' }, 1)).toThrow(UnreadableSaveResultsError);
    expect(() => recordOutcomes([{ id: 1 }], 1)).toThrow(/other than SaveResults/);
  });
});
