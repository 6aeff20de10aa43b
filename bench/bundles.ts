// esbuild bundles the benchmarks run (bin/build-cli.mjs): the CLI's (dist/cli/, what `netpilot` runs
// while it is fresh) and P5's NetPilot child. A bundle is built only when missing or older than one
// of its sources, so its figure is the real start, not TypeScript compiled at run time.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
// @ts-expect-error -- plain ES module (bin/), no type declarations
import { buildCli, bundle } from '../bin/build-cli.mjs';
// @ts-expect-error -- plain ES module shared with bin/netpilot.mjs, no type declarations
import { freshBundle } from '../bin/cli-bundle.mjs';

const ROOT = join(import.meta.dirname, '..');

type FreshBundle = (env: NodeJS.ProcessEnv, name?: string, entry?: string) => string | undefined;

/** A bundle ready to run: its file URL, and how long building it took (0 when it was fresh). */
export interface ReadyBundle { url: string; builtMs: number }

async function ensure(name: string, entry: string, build: () => Promise<unknown>): Promise<ReadyBundle> {
  const fresh = () => (freshBundle as FreshBundle)({}, name, entry);
  const url = fresh();
  if (url) return { url, builtMs: 0 };
  const start = performance.now();
  await build();
  const built = fresh();
  if (!built) throw new Error(`dist/${name}/${entry}.js is not fresh after building it`);
  return { url: built, builtMs: performance.now() - start };
}

/** dist/cli/main.js, built first (as `node bin/build-cli.mjs` does) when it is missing or stale. */
export function ensureCliBundle(): Promise<ReadyBundle> {
  return ensure('cli', 'main', () => (buildCli as () => Promise<number>)());
}

/** Bundles checked or built by this process (callers starting several children at once share one build). */
const ready = new Map<string, Promise<ReadyBundle>>();

/** dist/<name>/<entry>.js bundled from `source` (a repository path) when missing or stale. */
export function ensureBundle(name: string, entry: string, source: string): Promise<ReadyBundle> {
  let found = ready.get(name);
  if (!found) {
    found = ensure(name, entry, () => (bundle as (e: Record<string, string>, out: string) => Promise<string[]>)({ [entry]: join(ROOT, source) }, join(ROOT, 'dist', name)));
    ready.set(name, found);
    found.catch(() => ready.delete(name));
  }
  return found;
}
