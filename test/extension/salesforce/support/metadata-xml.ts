/**
 * Reading the SFDX project's metadata files in tests: the files under extension/salesforce, their
 * XSD (test/fixtures/salesforce-metadata) by file suffix, validation with xmllint (libxml2), and
 * the text of elements. The element readers assume what the XSD checks guarantee: no attributes
 * on the elements read, no nesting of an element in itself, text escaped as XML.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { validateXML, type XMLValidationResult } from 'xmllint-wasm';

export const REPO_ROOT = join(import.meta.dirname, '../../../..');
export const SFDX_PROJECT = join(REPO_ROOT, 'extension/salesforce');
export const SOURCE_DIR = join(SFDX_PROJECT, 'force-app/main/default');
const SCHEMA_DIR = join(REPO_ROOT, 'test/fixtures/salesforce-metadata');

/** The XSD for each kind of source file, by the suffix that names the kind. */
export const SCHEMA_OF_SUFFIX: ReadonlyArray<readonly [suffix: string, schema: string]> = [
  ['.field-meta.xml', 'custom-field.xsd'],
  ['.permissionset-meta.xml', 'permission-set.xsd'],
  ['.js-meta.xml', 'lightning-component-bundle.xsd'],
];

/** Every .xml file under the SFDX project, relative to it with forward slashes, sorted. */
export function projectXmlFiles(): string[] {
  return readdirSync(SFDX_PROJECT, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.xml') && !name.split(sep).includes('node_modules'))
    .map((name) => name.split(sep).join('/'))
    .sort();
}

/** The XSD file name for a metadata file, or undefined when no schema covers its kind. */
export function schemaFor(path: string): string | undefined {
  return SCHEMA_OF_SUFFIX.find(([suffix]) => path.endsWith(suffix))?.[1];
}

function readSchema(name: string): string {
  return readFileSync(join(SCHEMA_DIR, name), 'utf8');
}

export function readProjectFile(path: string): string {
  return readFileSync(join(SFDX_PROJECT, path), 'utf8');
}

/** Validates documents against one XSD of test/fixtures/salesforce-metadata. */
export function validateAgainst(schema: string, documents: ReadonlyArray<{ fileName: string; contents: string }>): Promise<XMLValidationResult> {
  return validateXML({ xml: documents.map((d) => ({ fileName: d.fileName.replace(/\//g, '_'), contents: d.contents })), schema: readSchema(schema) });
}

function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** The inner XML of every `<name>…</name>` in document order. */
export function elementBlocks(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((match) => match[1] ?? '');
}

/** The text of every `<name>text</name>` leaf in document order, unescaped. */
export function elementTexts(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((match) => unescape(match[1] ?? ''));
}

/** The text of the one `<name>` leaf directly in this XML; undefined when absent, an error when repeated. */
export function elementText(xml: string, name: string): string | undefined {
  const texts = elementTexts(xml, name);
  if (texts.length > 1) throw new Error(`<${name}> appears ${texts.length} times`);
  return texts[0];
}
