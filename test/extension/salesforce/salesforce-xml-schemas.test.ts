/**
 * Every XML file of the SFDX project is well-formed and valid against the XSD of its kind
 * (test/fixtures/salesforce-metadata: the subset of the Metadata API the project uses), checked by
 * libxml2 through xmllint-wasm. The schemas themselves are shown to reject what Salesforce rejects.
 */
import { describe, expect, it } from 'vitest';
import { projectXmlFiles, readProjectFile, schemaFor, SCHEMA_OF_SUFFIX, validateAgainst } from './support/metadata-xml.js';

const files = projectXmlFiles();

const validField = (children: string) => `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Telltale_Example__c</fullName>
${children}
</CustomField>
`;

async function problems(schema: string, contents: string): Promise<string[]> {
  const result = await validateAgainst(schema, [{ fileName: 'example.xml', contents }]);
  return result.errors.map((error) => error.message);
}

describe('the metadata XML of extension/salesforce', () => {
  it('has a schema for every XML file', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((path) => schemaFor(path) === undefined)).toEqual([]);
  });

  it.each(SCHEMA_OF_SUFFIX.map(([suffix, schema]) => [suffix, schema] as const))('validates every %s file against %s', async (suffix, schema) => {
    const documents = files.filter((path) => path.endsWith(suffix)).map((path) => ({ fileName: path, contents: readProjectFile(path) }));
    expect(documents.length).toBeGreaterThan(0);
    const result = await validateAgainst(schema, documents);
    expect(result.errors.map((error) => error.rawMessage)).toEqual([]);
    expect(result.valid).toBe(true);
  });
});

describe('the XSDs', () => {
  it('accept a minimal valid field', async () => {
    expect(await problems('custom-field.xsd', validField('    <label>Example</label>\n    <type>DateTime</type>'))).toEqual([]);
  });

  it('reject a document that is not well-formed', async () => {
    expect(await problems('custom-field.xsd', validField('    <label>Example</label>\n    <type>DateTime</type'))).not.toEqual([]);
  });

  it('reject a field label longer than 40 characters', async () => {
    const errors = await problems('custom-field.xsd', validField(`    <label>${'x'.repeat(41)}</label>\n    <type>DateTime</type>`));
    expect(errors.join('\n')).toMatch(/label.*maxLength/s);
  });

  it('reject a field type outside the Metadata API enumeration', async () => {
    const errors = await problems('custom-field.xsd', validField('    <label>Example</label>\n    <type>Integer</type>'));
    expect(errors.join('\n')).toMatch(/type.*enumeration/s);
  });

  it('reject elements out of the Metadata API order', async () => {
    const errors = await problems('custom-field.xsd', validField('    <type>DateTime</type>\n    <label>Example</label>'));
    expect(errors.join('\n')).toMatch(/'\{[^}]+\}type': This element is not expected/);
  });

  it('reject a permission set field permission without an object prefix', async () => {
    const errors = await problems(
      'permission-set.xsd',
      `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>false</editable>
        <field>Telltale_Health_Score__c</field>
        <readable>true</readable>
    </fieldPermissions>
    <label>Example</label>
</PermissionSet>
`,
    );
    expect(errors.join('\n')).toMatch(/field.*pattern/s);
  });

  it('reject a component configuration with an unknown target or without isExposed', async () => {
    const bundle = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?>
<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>62.0</apiVersion>
${inner}
</LightningComponentBundle>
`;
    expect(await problems('lightning-component-bundle.xsd', bundle('    <isExposed>true</isExposed>\n    <targets><target>lightning__RecordPage</target></targets>'))).toEqual([]);
    expect((await problems('lightning-component-bundle.xsd', bundle('    <isExposed>true</isExposed>\n    <targets><target>lightning__AccountPage</target></targets>'))).join('\n')).toMatch(/target/);
    expect((await problems('lightning-component-bundle.xsd', bundle('    <targets><target>lightning__RecordPage</target></targets>'))).join('\n')).toMatch(/isExposed/);
  });
});
