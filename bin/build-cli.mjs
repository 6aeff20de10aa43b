#!/usr/bin/env node
// Bundles the CLI (cli/main.ts, what it imports, and the packages it uses) into dist/cli/ and the bot
// (bot/index.ts) into dist/bot/ with esbuild, so `netpilot` starts without compiling TypeScript at run
// time nor opening thousands of package files (@kubernetes/client-node and @azure/arm-network alone
// took seconds), and `npm start` holds less memory (under tsx the bot's modules took about 50 MB more
// RSS). Native and tool packages stay external. `import.meta.url` keeps pointing at each source file,
// so templates, fleets, catalogues and the table worker are read from the repository as before. Run by
// `npm ci` (the `prepare` script) and by `npm run build:cli`; bin/netpilot.mjs and bin/start-bot.mjs use
// a bundle only while it is newer than every input.
import { mkdirSync, rmSync, writeFileSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'cli');
const BOT_OUT = join(ROOT, 'dist', 'bot');

/** Replaces import.meta.url / import.meta.dirname of each source file by its own location. */
const sourceLocation = {
  name: 'netpilot-source-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${'/'}node_modules${'/'}`)) return undefined;
      const text = readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)));
      return { contents: text, loader: 'ts' };
    });
  },
};

/** Bundles `entryPoints` (name -> source) into `outDir` (replaced atomically) and writes inputs.json
 * (build time and the repository sources it was built from); returns those sources. */
export async function bundle(entryPoints, outDir) {
  const { build } = await import('esbuild');
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    entryPoints,
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // No comments or indentation: V8 keeps every module's source text in the heap (about 18 MB for
    // the P5 child), and a single non-ASCII character in any kept comment (a "—" or "§") made the
    // whole text two-byte, twice that. Names are kept (minifyIdentifiers off), so stack traces still
    // name their functions. P5: 67 -> 43 MB heap and 176 -> 153 MB RSS with the modules loaded.
    minifyWhitespace: true,
    // Native (better-sqlite3, restify's optional dtrace-provider) or spawned/tool packages are loaded
    // from node_modules as they are.
    external: ['better-sqlite3', 'dtrace-provider', 'azurite', 'esbuild', 'playwright-core', 'tsx'],
    // Bundled CommonJS packages may require() Node built-ins: give the ES module bundle a require.
    banner: { js: "import { createRequire as __netpilotCreateRequire } from 'node:module'; const require = __netpilotCreateRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceLocation],
    absWorkingDir: ROOT,
  });
  // Repository sources only: node_modules changes only through npm ci / npm install, which rebuild.
  const inputs = Object.keys(result.metafile.inputs).map((p) => relative(ROOT, resolve(ROOT, p))).filter((p) => !p.split(/[\\/]/).includes('node_modules'));
  writeFileSync(join(tmp, 'inputs.json'), `${JSON.stringify({ builtAt: Date.now(), inputs })}\n`);
  mkdirSync(dirname(outDir), { recursive: true });
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  return inputs;
}

export async function buildCli() {
  return (await bundle({ main: join(ROOT, 'cli', 'main.ts') }, OUT)).length;
}

/** Bundles the bot (what `npm start` runs, bin/start-bot.mjs) into dist/bot/. */
export async function buildBot() {
  return (await bundle({ index: join(ROOT, 'bot', 'index.ts') }, BOT_OUT)).length;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Never fail an install over a bundle: each entry falls back to running the TypeScript through tsx.
  for (const [what, build, out, entry] of [['CLI', buildCli, 'dist/cli/main.js', 'bin/netpilot.mjs'], ['bot', buildBot, 'dist/bot/index.js', 'bin/start-bot.mjs']]) {
    try {
      const n = await build();
      process.stdout.write(`netpilot ${what} bundled: ${out} (${n} inputs)\n`);
    } catch (err) {
      process.stderr.write(`netpilot ${what} not bundled (${err?.message ?? err}); ${entry} will use tsx\n`);
    }
  }
}
