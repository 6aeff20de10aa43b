#!/usr/bin/env node
// Entry point for `npx netpilot`. Runs the bundle dist/cli/main.js (made by bin/build-cli.mjs when
// `npm ci` runs the `prepare` script) while it is newer than every source file it was built from;
// otherwise (no bundle, or a source edited since) the TypeScript CLI through tsx, as before.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function freshBundle() {
  if (process.env.NETPILOT_CLI_TSX === '1') return undefined;
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(join(root, 'dist', 'cli', 'inputs.json'), 'utf8'));
    for (const input of inputs) if (statSync(join(root, input)).mtimeMs > builtAt) return undefined;
    return pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href;
  } catch {
    return undefined;
  }
}

const bundle = freshBundle();
let main;
if (bundle) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
