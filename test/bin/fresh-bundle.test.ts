// freshBundle (bin/cli-bundle.mjs), which bin/netpilot.mjs and bin/start-bot.mjs ask before running a
// bundle: only while dist/<name>/inputs.json is newer than every source it lists; a source edited since,
// a deleted source, no bundle, or the entry's force-tsx variable means the TypeScript runs through tsx.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ES module shared with bin/netpilot.mjs and bin/start-bot.mjs, no type declarations
import { freshBundle as untyped } from '../../bin/cli-bundle.mjs';

const freshBundle = untyped as (env: Record<string, string | undefined>, name?: string, entry?: string, root?: string) => string | undefined;

const BUILT_AT = Date.parse('2026-01-01T00:00:00Z');
const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A repository with bot/index.ts and bot/start.ts (modified at `sourceMs`), and dist/bot/index.js and
 * dist/cli/main.js built from them at BUILT_AT. */
function repo(sourceMs: number, withBundle = true): string {
  const root = mkdtempSync(join(tmpdir(), 'np-fresh-bundle-'));
  roots.push(root);
  mkdirSync(join(root, 'bot'));
  for (const f of ['bot/index.ts', 'bot/start.ts']) {
    writeFileSync(join(root, f), '// source\n');
    utimesSync(join(root, f), sourceMs / 1000, sourceMs / 1000);
  }
  if (withBundle) {
    for (const [name, entry] of [['bot', 'index'], ['cli', 'main']]) {
      mkdirSync(join(root, 'dist', name), { recursive: true });
      writeFileSync(join(root, 'dist', name, `${entry}.js`), '');
      writeFileSync(join(root, 'dist', name, 'inputs.json'), JSON.stringify({ builtAt: BUILT_AT, inputs: ['bot/index.ts', 'bot/start.ts'] }));
    }
  }
  return root;
}

describe('freshBundle', () => {
  it('gives the bundle entry while every source is older than the build', () => {
    const root = repo(BUILT_AT - 60_000);
    expect(freshBundle({}, 'bot', 'index', root)).toBe(pathToFileURL(join(root, 'dist', 'bot', 'index.js')).href);
  });

  it('refuses a stale bundle: one source modified after the build', () => {
    const root = repo(BUILT_AT - 60_000);
    utimesSync(join(root, 'bot', 'start.ts'), (BUILT_AT + 1000) / 1000, (BUILT_AT + 1000) / 1000);
    expect(freshBundle({}, 'bot', 'index', root)).toBeUndefined();
  });

  it('refuses a bundle whose source was deleted, and a missing bundle', () => {
    const root = repo(BUILT_AT - 60_000);
    rmSync(join(root, 'bot', 'start.ts'));
    expect(freshBundle({}, 'bot', 'index', root)).toBeUndefined();
    expect(freshBundle({}, 'bot', 'index', repo(BUILT_AT - 60_000, false))).toBeUndefined();
  });

  it('NETPILOT_BOT_TSX=1 forces tsx for the bot only, NETPILOT_CLI_TSX=1 for the CLI only', () => {
    const root = repo(BUILT_AT - 60_000);
    expect(freshBundle({ NETPILOT_BOT_TSX: '1' }, 'bot', 'index', root)).toBeUndefined();
    expect(freshBundle({ NETPILOT_BOT_TSX: '1' }, 'cli', 'main', root)).toBe(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
    expect(freshBundle({ NETPILOT_CLI_TSX: '1' }, 'cli', 'main', root)).toBeUndefined();
    expect(freshBundle({ NETPILOT_CLI_TSX: '1' }, 'bot', 'index', root)).toBeDefined();
    expect(freshBundle({ NETPILOT_BOT_TSX: '0' }, 'bot', 'index', root)).toBeDefined();
  });
});
