/**
 * The generated Salesforce metadata says what the field catalogue says: each Account field's type,
 * size, picklist values and texts; the intervention key on tasks; and the two permission sets.
 * Read from the committed files (the drift test proves they are the generator's output).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFieldCatalogue, type CatalogueField } from '../../../server/src/actions/fields-catalogue.js';
import { elementBlocks, elementText, readProjectFile, SOURCE_DIR } from './support/metadata-xml.js';

const catalogue = loadFieldCatalogue();
const FIELDS_DIR = 'force-app/main/default/objects';

/** A field file's own elements, without its picklist values (which have their own fullName and label). */
function fieldFile(object: string, apiName: string): { own: string; valueSet: string | undefined } {
  const xml = readProjectFile(`${FIELDS_DIR}/${object}/fields/${apiName}.field-meta.xml`);
  const valueSet = elementBlocks(xml, 'valueSet')[0];
  return { own: xml.replace(/<valueSet>[\s\S]*<\/valueSet>/, ''), valueSet };
}

function permissionSet(name: string) {
  const xml = readProjectFile(`force-app/main/default/permissionsets/${name}.permissionset-meta.xml`);
  return {
    label: elementText(xml, 'label'),
    fields: elementBlocks(xml, 'fieldPermissions').map((block) => ({
      field: elementText(block, 'field'),
      readable: elementText(block, 'readable'),
      editable: elementText(block, 'editable'),
    })),
    objects: elementBlocks(xml, 'objectPermissions').map((block) => ({
      object: elementText(block, 'object'),
      create: elementText(block, 'allowCreate'),
      read: elementText(block, 'allowRead'),
      edit: elementText(block, 'allowEdit'),
      delete: elementText(block, 'allowDelete'),
      viewAll: elementText(block, 'viewAllRecords'),
      modifyAll: elementText(block, 'modifyAllRecords'),
    })),
    userPermissions: elementBlocks(xml, 'userPermissions').map((block) => `${elementText(block, 'name')}=${elementText(block, 'enabled')}`),
  };
}

const KEY_FIELD = 'Task.Telltale_Intervention_Key__c';
const telltaleFields = [...catalogue.fields.map((f) => `Account.${f.salesforce.apiName}`), KEY_FIELD].sort();

describe('Account fields', () => {
  it.each(catalogue.fields.map((field) => [field.salesforce.apiName, field] as const))('%s has the label, texts and type of the catalogue', (apiName, field: CatalogueField) => {
    const { own, valueSet } = fieldFile('Account', apiName);
    expect(elementText(own, 'fullName')).toBe(apiName);
    expect(elementText(own, 'label')).toBe(field.label);
    expect(elementText(own, 'inlineHelpText')).toBe(field.description);
    expect(elementText(own, 'description')).toContain(field.description);
    expect(elementText(own, 'description')).toContain(`field key ${field.key}`);
    expect(elementText(own, 'type')).toBe(field.salesforce.type);
    expect(elementText(own, 'externalId')).toBe('false');
    expect(valueSet === undefined).toBe(field.type !== 'enumeration');

    if (field.type === 'number' || field.type === 'currency') {
      expect(elementText(own, 'precision')).toBe(String(field.salesforce.precision));
      expect(elementText(own, 'scale')).toBe(String(field.number.decimals));
      const integerDigits = String(Math.trunc(Math.max(Math.abs(field.number.min), Math.abs(field.number.max)))).length;
      expect(field.salesforce.precision - field.salesforce.scale).toBeGreaterThanOrEqual(integerDigits);
    }
    if (field.type === 'string') {
      expect(elementText(own, 'length')).toBe(String(field.string.maxLength));
      expect(field.salesforce.type).toBe(field.string.maxLength > 255 ? 'LongTextArea' : 'Text');
      expect(elementText(own, 'visibleLines')).toBe(field.salesforce.type === 'LongTextArea' ? String(field.salesforce.visibleLines) : undefined);
    }
    if (field.type === 'enumeration') {
      expect(elementText(valueSet ?? '', 'restricted')).toBe('true');
      const values = elementBlocks(valueSet ?? '', 'value').map((value) => ({ value: elementText(value, 'fullName'), label: elementText(value, 'label'), default: elementText(value, 'default') }));
      expect(values).toEqual(field.options.map((option) => ({ value: option.value, label: option.label, default: 'false' })));
    }
  });

  it('exist for every catalogue field, and no other Telltale field is left on Account', () => {
    const onDisk = readdirSync(join(SOURCE_DIR, 'objects/Account/fields'))
      .filter((name) => name.startsWith('Telltale_'))
      .map((name) => name.replace(/\.field-meta\.xml$/, ''));
    expect(onDisk.sort()).toEqual(catalogue.fields.map((field) => field.salesforce.apiName).sort());
  });
});

describe('the intervention key on tasks', () => {
  it('is a Text(64) External ID defined on Activity, so Task and Event share it', () => {
    const { own } = fieldFile('Activity', 'Telltale_Intervention_Key__c');
    expect(elementText(own, 'type')).toBe('Text');
    expect(elementText(own, 'length')).toBe('64');
    expect(elementText(own, 'externalId')).toBe('true');
    expect(elementText(own, 'unique')).toBe('false');
    expect(elementText(own, 'label')).toMatch(/^Telltale /);
  });
});

describe('permission sets', () => {
  it('Telltale_User reads every Telltale field and edits none', () => {
    const user = permissionSet('Telltale_User');
    expect(user.label).toBe('Telltale User');
    expect(user.fields.map((f) => f.field)).toEqual(telltaleFields);
    for (const f of user.fields) expect([f.field, f.readable, f.editable]).toEqual([f.field, 'true', 'false']);
    expect(user.objects).toEqual([]);
    expect(user.userPermissions).toEqual([]);
  });

  it('Telltale_Integration reads and edits every Telltale field, the task key included', () => {
    const integration = permissionSet('Telltale_Integration');
    expect(integration.label).toBe('Telltale Integration');
    expect(integration.fields.map((f) => f.field)).toEqual(telltaleFields);
    for (const f of integration.fields) expect([f.field, f.readable, f.editable]).toEqual([f.field, 'true', 'true']);
  });

  it('Telltale_Integration reads every object the sync reads, edits only accounts, and never creates or deletes records', () => {
    const integration = permissionSet('Telltale_Integration');
    const readOnly = { create: 'false', read: 'true', edit: 'false', delete: 'false', viewAll: 'true', modifyAll: 'false' };
    expect(integration.objects).toEqual([
      { object: 'Account', ...readOnly, edit: 'true' },
      { object: 'Case', ...readOnly },
      { object: 'Contact', ...readOnly },
      { object: 'Opportunity', ...readOnly },
    ]);
    expect(integration.userPermissions).toEqual(['ApiEnabled=true', 'EditTask=true']);
  });
});
