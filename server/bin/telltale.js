#!/usr/bin/env node
// The compiled CLI lives in server/dist; `npm install` builds it (the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('telltale: the service is not built yet; run `npm run build` in the repository first.');
  process.exit(1);
}
await import(entry.href);
