/**
 * The committed field metadata and permission sets are exactly what generate-metadata.ts writes
 * from manifests/fields.json, and its --check mode names every drifted file.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFieldCatalogue } from '../../../server/src/actions/fields-catalogue.js';
import { describeDrift, findDrift, PROJECT_DIR, writeMetadata } from '../../../extension/salesforce/scripts/generate-metadata.js';
import { generatedMetadata, isGeneratorOwned } from '../../../extension/salesforce/scripts/metadata-files.js';
import { REPO_ROOT, SFDX_PROJECT } from './support/metadata-xml.js';

const SCRIPT = join(SFDX_PROJECT, 'scripts/generate-metadata.ts');
const FIELDS = 'force-app/main/default/objects/Account/fields';
const expected = generatedMetadata(loadFieldCatalogue());
const copies: string[] = [];

/** A copy of the SFDX project's force-app in a temporary directory. */
function projectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-sfdx-'));
  copies.push(dir);
  cpSync(join(SFDX_PROJECT, 'force-app'), join(dir, 'force-app'), { recursive: true });
  return dir;
}

function runGenerator(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('generate-metadata', () => {
  it('finds the committed project equal to what the catalogue generates', () => {
    expect(PROJECT_DIR.replace(/\/$/, '')).toBe(SFDX_PROJECT);
    expect(describeDrift(findDrift(SFDX_PROJECT, expected))).toEqual([]);
  });

  it('generates one field per catalogue field, the task key and two permission sets, all generator-owned', () => {
    expect(expected.size).toBe(loadFieldCatalogue().fields.length + 3);
    for (const path of expected.keys()) expect(isGeneratorOwned(path), path).toBe(true);
    expect(isGeneratorOwned('force-app/main/default/lwc/telltaleAccountHealth/telltaleAccountHealth.js-meta.xml')).toBe(false);
    expect(isGeneratorOwned(`${FIELDS}/ARR__c.field-meta.xml`)).toBe(false);
  });

  it('names changed, missing and stale files, and repairs them', () => {
    const dir = projectCopy();
    const changed = `${FIELDS}/Telltale_Health_Score__c.field-meta.xml`;
    const missing = 'force-app/main/default/permissionsets/Telltale_User.permissionset-meta.xml';
    const stale = `${FIELDS}/Telltale_Retired_Score__c.field-meta.xml`;
    writeFileSync(join(dir, changed), readFileSync(join(dir, changed), 'utf8').replace('<precision>3</precision>', '<precision>5</precision>'));
    rmSync(join(dir, missing));
    writeFileSync(join(dir, stale), '<?xml version="1.0" encoding="UTF-8"?>\n');
    const customerField = `${FIELDS}/ARR__c.field-meta.xml`;
    writeFileSync(join(dir, customerField), '<?xml version="1.0" encoding="UTF-8"?>\n');

    expect(findDrift(dir, expected)).toEqual({ changed: [changed], missing: [missing], stale: [stale] });
    writeMetadata(dir, expected);
    expect(describeDrift(findDrift(dir, expected))).toEqual([]);
    expect(readFileSync(join(dir, customerField), 'utf8')).toBe('<?xml version="1.0" encoding="UTF-8"?>\n');
  });

  it('--check exits 0 on the committed project', () => {
    const run = runGenerator('--check');
    expect(run.stderr).not.toMatch(/drifted/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`(${expected.size} files)`);
  });

  it('--check exits 1 naming each drifted file, and a run without it brings the project back', () => {
    const dir = projectCopy();
    const changed = `${FIELDS}/Telltale_Churn_Risk_Band__c.field-meta.xml`;
    writeFileSync(join(dir, changed), readFileSync(join(dir, changed), 'utf8').replace('<label>High</label>', '<label>Severe</label>'));

    const check = runGenerator('--check', '--project', dir);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(`changed  ${changed}`);

    const write = runGenerator('--project', dir);
    expect(write.status).toBe(0);
    expect(write.stdout).toContain(`wrote    ${changed}`);
    expect(runGenerator('--check', '--project', dir).status).toBe(0);
  });

  it('refuses an unknown argument with exit code 2', () => {
    const run = runGenerator('--chek');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown argument --chek');
  });
});
