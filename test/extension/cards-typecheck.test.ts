/**
 * Type-checks the cards as HubSpot builds them (React JSX, strict, no Node globals) and the card
 * tests, so a change to the shared insights contract that a card no longer matches fails here.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function typecheck(tsconfig: string): Promise<{ tsconfig: string; exitCode: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [TSC, '-p', tsconfig, '--noEmit', '--pretty', 'false'], { cwd: ROOT, timeout: 180_000 }, (error, stdout, stderr) => {
      const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ tsconfig, exitCode, output: `${stdout}${stderr}`.trim() });
    });
  });
}

describe('the HubSpot cards', () => {
  it('type-check cleanly, and so do their tests', async () => {
    // Both compilations run at once: each takes several seconds.
    const results = await Promise.all([typecheck('extension/hubspot/tsconfig.json'), typecheck('test/extension/tsconfig.json')]);
    expect(results).toEqual([
      { tsconfig: 'extension/hubspot/tsconfig.json', exitCode: 0, output: '' },
      { tsconfig: 'test/extension/tsconfig.json', exitCode: 0, output: '' },
    ]);
  }, 180_000);
});
