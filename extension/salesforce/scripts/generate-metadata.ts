/**
 * Writes the Salesforce field metadata and permission sets from manifests/fields.json.
 *
 *   npx tsx extension/salesforce/scripts/generate-metadata.ts            write the files
 *   npx tsx extension/salesforce/scripts/generate-metadata.ts --check    exit 1 naming every drifted file
 *
 * `--project <dir>` points at another SFDX project directory (default: extension/salesforce).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadFieldCatalogue } from '../../../server/src/actions/fields-catalogue.js';
import { generatedMetadata, isGeneratorOwned, SOURCE_DIR } from './metadata-files.js';

/** The SFDX project this script belongs to. */
export const PROJECT_DIR = fileURLToPath(new URL('..', import.meta.url));

/** How the files on disk differ from what the catalogue produces; paths relative to the project. */
export interface MetadataDrift {
  /** On disk with other content. */
  changed: string[];
  /** Produced by the catalogue, absent on disk. */
  missing: string[];
  /** Generator-owned files on disk that the catalogue no longer produces. */
  stale: string[];
}

/** Compares the generator-owned files under `projectDir` with `expected`. */
export function findDrift(projectDir: string, expected: ReadonlyMap<string, string>): MetadataDrift {
  const drift: MetadataDrift = { changed: [], missing: [], stale: [] };
  for (const [path, content] of expected) {
    const onDisk = readIfPresent(join(projectDir, path));
    if (onDisk === undefined) drift.missing.push(path);
    else if (onDisk !== content) drift.changed.push(path);
  }
  drift.stale = ownedFilesOnDisk(projectDir).filter((path) => !expected.has(path));
  return drift;
}

/** Brings the project in line with `expected`: writes missing and changed files, deletes stale ones. */
export function writeMetadata(projectDir: string, expected: ReadonlyMap<string, string>): MetadataDrift {
  const drift = findDrift(projectDir, expected);
  for (const path of [...drift.missing, ...drift.changed]) {
    const file = join(projectDir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, expected.get(path) ?? '');
  }
  for (const path of drift.stale) rmSync(join(projectDir, path));
  return drift;
}

/** One line per drifted file, e.g. `changed  force-app/.../Telltale_Health_Score__c.field-meta.xml`. */
export function describeDrift(drift: MetadataDrift): string[] {
  return [
    ...drift.changed.map((path) => `changed  ${path}`),
    ...drift.missing.map((path) => `missing  ${path}`),
    ...drift.stale.map((path) => `stale    ${path}`),
  ];
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function ownedFilesOnDisk(projectDir: string): string[] {
  const root = join(projectDir, SOURCE_DIR);
  let names: string[];
  try {
    names = readdirSync(root, { recursive: true, encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .map((name) => relative(projectDir, join(root, name)).split(sep).join('/'))
    .filter(isGeneratorOwned)
    .sort();
}

interface CliOptions {
  check: boolean;
  projectDir: string;
}

function parseArgs(args: readonly string[]): CliOptions {
  const options: CliOptions = { check: false, projectDir: PROJECT_DIR };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    if (arg === '--check') options.check = true;
    else if (arg === '--project' && value !== undefined) {
      options.projectDir = value;
      i++;
    } else throw new UsageError(`unknown argument ${String(arg)}`);
  }
  return options;
}

class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Runs the command line; returns the exit code (0 done or in sync, 1 drift found by --check, 2 bad usage). */
export function main(args: readonly string[]): number {
  let options: CliOptions;
  try {
    options = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`generate-metadata: ${error.message}\nusage: generate-metadata.ts [--check] [--project <dir>]\n`);
    return 2;
  }
  const expected = generatedMetadata(loadFieldCatalogue());
  if (options.check) {
    const lines = describeDrift(findDrift(options.projectDir, expected));
    if (lines.length === 0) {
      process.stdout.write(`Salesforce metadata matches manifests/fields.json (${expected.size} files).\n`);
      return 0;
    }
    process.stderr.write(`Salesforce metadata has drifted from manifests/fields.json:\n${lines.map((l) => `  ${l}\n`).join('')}`);
    process.stderr.write('Regenerate it: npx tsx extension/salesforce/scripts/generate-metadata.ts\n');
    return 1;
  }
  const done = writeMetadata(options.projectDir, expected);
  const written = [...done.missing, ...done.changed].sort();
  const lines = [...written.map((path) => `wrote    ${path}`), ...done.stale.map((path) => `removed  ${path}`)];
  process.stdout.write(`${lines.map((l) => `${l}\n`).join('')}${written.length} of ${expected.size} files written, ${done.stale.length} removed.\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
