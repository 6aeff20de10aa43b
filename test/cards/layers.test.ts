// cards/ is pure: no Teams transport, no other layers except types (and read-only helpers) of services/.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CARDS = fileURLToPath(new URL('../../cards/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

describe('cards/ layer', () => {
  const files = sources(CARDS);

  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => path.relative(CARDS, f)))('%s imports no transport and no other layer', (rel) => {
    for (const spec of imports(path.join(CARDS, rel))) {
      expect(spec).not.toMatch(/^(botbuilder|restify|botframework)/);
      if (!spec.startsWith('.')) continue;
      const target = path.relative(path.resolve(CARDS, '..'), path.resolve(path.dirname(path.join(CARDS, rel)), spec));
      expect(target).not.toMatch(/^(bot|emulator|cli|manifest|test)\//);
      // Types, plus the structured message ids and their builder (services/preflight/messages.ts).
      if (target.startsWith('services/')) expect(target).toMatch(/\/(types|messages)\.ts$/);
    }
  });
});
