// Where a bundle made by bin/build-cli.mjs is (the CLI's, the bot's, a benchmark's), and whether it may
// be used: it must be newer than every repository source it was built from (a source edited since means
// the TypeScript runs instead).
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The variable that, set to 1, makes an entry run the TypeScript through tsx even with a fresh bundle. */
const FORCE_TSX = { cli: 'NETPILOT_CLI_TSX', bot: 'NETPILOT_BOT_TSX' };

/** The file URL of <root>/dist/<name>/<entry>.js when it is fresh; undefined otherwise (or with
 * NETPILOT_CLI_TSX=1 for the CLI, NETPILOT_BOT_TSX=1 for the bot). Default: the CLI bundle, dist/cli/main.js
 * of this repository. */
export function freshBundle(env = process.env, name = 'cli', entry = 'main', root = ROOT) {
  if (FORCE_TSX[name] && env[FORCE_TSX[name]] === '1') return undefined;
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(join(root, 'dist', name, 'inputs.json'), 'utf8'));
    for (const input of inputs) if (statSync(join(root, input)).mtimeMs > builtAt) return undefined;
    return pathToFileURL(join(root, 'dist', name, `${entry}.js`)).href;
  } catch {
    return undefined;
  }
}
