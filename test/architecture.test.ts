// Layering (style.md "The shape of the house"): services/ never imports bot/, cards/, emulator/,
// cli/, botbuilder or restify; emulator/ imports nothing from services/ (it plays Azure). And no
// module of the product imports itself through others (no import cycle, type-only imports included).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph } from './import-graph.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The product's source folders, whose module graph must be acyclic. */
const PRODUCT_FOLDERS = ['bot', 'cards', 'services', 'cli', 'emulator', 'i18n'];

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier: static imports/exports, side-effect imports, dynamic import(), require(). */
function importSpecifiers(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]);
  return out;
}

/** The top-level folder (or package name) a specifier in `file` points at. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
  const rel = relative(ROOT, resolve(dirname(file), spec));
  return rel.split(sep)[0];
}

function violations(folder: string, forbidden: string[]): string[] {
  return sourceFiles(join(ROOT, folder)).flatMap((file) =>
    importSpecifiers(readFileSync(file, 'utf8'))
      .filter((spec) => forbidden.includes(target(file, spec)))
      .map((spec) => `${relative(ROOT, file)} imports ${spec}`));
}

describe('architecture', () => {
  it('finds every import form (the scanner itself)', () => {
    const text = [
      "import { a } from '../bot/x.ts';", "import type { B } from \"botbuilder\";", "export * from '../cards/c.ts';",
      "import '../emulator/side.ts';", "const m = await import('../cli/main.ts');", "const r = require('restify');",
      "import {\n  multi,\n  line,\n} from '../bot/multi.ts';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(expect.arrayContaining([
      '../bot/x.ts', 'botbuilder', '../cards/c.ts', '../emulator/side.ts', '../cli/main.ts', 'restify', '../bot/multi.ts',
    ]));
    expect(target(join(ROOT, 'services', 'azure', 'x.ts'), '../../bot/y.ts')).toBe('bot');
    expect(target(join(ROOT, 'services', 'x.ts'), '@azure/identity')).toBe('@azure/identity');
  });

  it('services/ imports no transport, cards, emulator or cli code', () => {
    expect(sourceFiles(join(ROOT, 'services')).length).toBeGreaterThan(0);
    expect(violations('services', ['bot', 'cards', 'i18n', 'emulator', 'cli', 'botbuilder', 'restify'])).toEqual([]);
  });

  it('emulator/ imports nothing from services/ (nor the product layers above it)', () => {
    expect(violations('emulator', ['services', 'bot', 'cards', 'i18n', 'cli'])).toEqual([]);
  });

  it('only bot/ imports botbuilder or restify', () => {
    const others = ['services', 'cards', 'emulator', 'cli'].flatMap((f) => violations(f, ['botbuilder', 'restify']));
    expect(others).toEqual([]);
  });

  it('no import cycle in bot, cards, services, cli, emulator or i18n', () => {
    const files = new Map(PRODUCT_FOLDERS.flatMap((f) => sourceFiles(join(ROOT, f))).map((p) => [p, readFileSync(p, 'utf8')]));
    expect(files.size).toBeGreaterThan(100);
    const cycles = findCycles(importGraph(files)).map((c) => c.map((p) => relative(ROOT, p)).join(' -> '));
    expect(cycles, 'import cycles').toEqual([]);
  });

  it('the cycle finder sees a cycle through type-only imports and re-exports, and reports its path', () => {
    const file = (name: string) => join(ROOT, 'fixture', name);
    const files = new Map([
      [file('a.ts'), "import type { B } from './b.ts';\nexport type A = { b: B };"],
      [file('b.ts'), "export * from './c.js';\nexport type B = number;"],
      [file('c.ts'), "import { a } from './a';\nexport const c = 1;"],
      [file('d.ts'), "import { c } from './c.ts';\nimport 'node:fs';"],
      [file('x/index.ts'), "export const x = await import('../d.ts');"],
      [file('e.ts'), "import { x } from './x';"],
    ]);
    const graph = importGraph(files);
    expect(graph.get(file('e.ts'))).toEqual([file('x/index.ts')]);
    expect(graph.get(file('d.ts'))).toEqual([file('c.ts')]);
    expect(findCycles(graph).map((c) => c.map((p) => relative(ROOT, p)).join(' -> ')))
      .toEqual([['a', 'b', 'c', 'a'].map((n) => join('fixture', `${n}.ts`)).join(' -> ')]);
    files.set(file('c.ts'), 'export const c = 1;');
    expect(findCycles(importGraph(files))).toEqual([]);
  });

  it('tests, benchmarks and the CLI read nothing outside the repository (the team spec folder is copied to docs/spec)', () => {
    const outside = new RegExp(['\\.\\./shared\\b', '/work/shared\\b', "'\\.\\.', 'shared'"].join('|'));
    const offenders = ['test', 'bench', 'bin', 'cli'].flatMap((f) => sourceFiles(join(ROOT, f)))
      .filter((file) => file !== fileURLToPath(import.meta.url) && outside.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    // self-check on built samples (no literal outside path in this file): the guard would catch both forms
    const team = ['sh', 'ared'].join('');
    expect(outside.test(`join(ROOT, '..', '${team}', 'spec')`) && outside.test(`../${team}/spec/checks.md`)).toBe(true);
    expect(offenders).toEqual([]);
  });
});
