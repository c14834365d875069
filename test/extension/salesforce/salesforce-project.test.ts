/**
 * The SFDX project deploys as `sf project deploy start --source-dir force-app`: sfdx-project.json
 * names force-app as its one default package directory, and the account health card is exposed on
 * Account record pages with the project's API version.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elementBlocks, elementText, elementTexts, readProjectFile, SFDX_PROJECT, SOURCE_DIR } from './support/metadata-xml.js';

interface SfdxProject {
  packageDirectories: Array<{ path: string; default?: boolean }>;
  namespace?: string;
  sourceApiVersion: string;
  sfdcLoginUrl?: string;
}

const project = JSON.parse(readFileSync(join(SFDX_PROJECT, 'sfdx-project.json'), 'utf8')) as SfdxProject;
const CARD = 'telltaleAccountHealth';
const cardMeta = readProjectFile(`force-app/main/default/lwc/${CARD}/${CARD}.js-meta.xml`);

describe('sfdx-project.json', () => {
  it('has force-app as its one default package directory, and it exists', () => {
    expect(project.packageDirectories).toEqual([{ path: 'force-app', default: true }]);
    expect(existsSync(join(SFDX_PROJECT, 'force-app/main/default'))).toBe(true);
  });

  it('pins the API version the connector speaks (62.0) and uses no namespace', () => {
    expect(project.sourceApiVersion).toBe('62.0');
    expect(project.namespace ?? '').toBe('');
    expect(project.sfdcLoginUrl).toBe('https://login.salesforce.com');
  });
});

describe('the account health card', () => {
  it('is a bundle of files named after its folder', () => {
    const files = readdirSync(join(SOURCE_DIR, 'lwc', CARD));
    for (const suffix of ['.js', '.html', '.css', '.js-meta.xml']) expect(files).toContain(`${CARD}${suffix}`);
  });

  it('is exposed to Lightning App Builder with the project API version', () => {
    expect(elementText(cardMeta, 'isExposed')).toBe('true');
    expect(elementText(cardMeta, 'apiVersion')).toBe(project.sourceApiVersion);
    expect(elementText(cardMeta, 'masterLabel')).toBe('Telltale Account Health');
  });

  it('targets record pages of Account only', () => {
    expect(elementTexts(cardMeta, 'target')).toEqual(['lightning__RecordPage']);
    const configs = [...cardMeta.matchAll(/<targetConfig targets="([^"]+)">([\s\S]*?)<\/targetConfig>/g)];
    expect(configs.map((match) => match[1])).toEqual(['lightning__RecordPage']);
    const objects = elementBlocks(configs[0]?.[2] ?? '', 'objects').flatMap((block) => elementTexts(block, 'object'));
    expect(objects).toEqual(['Account']);
  });
});
