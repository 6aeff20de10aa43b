#!/usr/bin/env node
// Entry point of `npm start` (node <V8 flags> bin/start-bot.mjs). Runs the bundle dist/bot/index.js
// (made by bin/build-cli.mjs when `npm ci` runs the `prepare` script, or by `npm run build:cli`) while
// it is newer than every source file it was built from: about 50 MB less RSS than the same modules
// under tsx. Otherwise (no bundle, a source edited since, or NETPILOT_BOT_TSX=1) the TypeScript
// bot/index.ts through tsx, in this same process. bot/index.ts starts NetPilot and handles the signals.
import { freshBundle } from './cli-bundle.mjs';

const bundle = freshBundle(process.env, 'bot', 'index');
if (bundle) {
  process.stdout.write('netpilot: starting the bundle dist/bot/index.js\n');
  await import(bundle);
} else {
  process.stdout.write(`netpilot: starting bot/index.ts through tsx (${process.env.NETPILOT_BOT_TSX === '1' ? 'NETPILOT_BOT_TSX=1' : 'dist/bot/ missing or older than a source; npm run build:cli rebuilds it'})\n`);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../bot/index.ts');
}
