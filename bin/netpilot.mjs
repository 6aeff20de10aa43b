#!/usr/bin/env node
// Entry point for `npx netpilot`. Runs the bundle dist/cli/main.js (made by bin/build-cli.mjs when
// `npm ci` runs the `prepare` script) while it is newer than every source file it was built from;
// otherwise (no bundle, or a source edited since) the TypeScript CLI through tsx, as before.
import { freshBundle } from './cli-bundle.mjs';

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
