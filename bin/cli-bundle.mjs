// Where the CLI bundle made by bin/build-cli.mjs is, and whether it may be used: it must be newer than
// every repository source it was built from (a source edited since means the TypeScript runs instead).
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The file URL of dist/<name>/<entry>.js when it is fresh; undefined otherwise (or with NETPILOT_CLI_TSX=1).
 * Default: the CLI bundle, dist/cli/main.js. */
export function freshBundle(env = process.env, name = 'cli', entry = 'main') {
  if (env.NETPILOT_CLI_TSX === '1') return undefined;
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(join(root, 'dist', name, 'inputs.json'), 'utf8'));
    for (const input of inputs) if (statSync(join(root, input)).mtimeMs > builtAt) return undefined;
    return pathToFileURL(join(root, 'dist', name, `${entry}.js`)).href;
  } catch {
    return undefined;
  }
}
