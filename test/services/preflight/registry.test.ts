// The registry holds exactly the ids of spec/checks.md, each once; duplicates throw.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertUniqueIds, CHECKS, checkById } from '../../../services/preflight/registry.ts';
import type { CheckDefinition } from '../../../services/preflight/types.ts';
import { PREFLIGHT_CATALOGUES } from '../../../i18n/render.ts';

// The repository's copy of the check catalogue (docs/spec/checks.md), kept in sync with the team's spec.
const specPath = join(import.meta.dirname, '../../../docs/spec/checks.md');

/** Rows of the catalogue tables: `| \`id\` | severity | data | ...`. */
function specRows(): { id: string; severity: string; section: string }[] {
  const rows: { id: string; severity: string; section: string }[] = [];
  let section = '';
  for (const line of readFileSync(specPath, 'utf8').split('\n')) {
    const heading = /^## (.*)$/.exec(line);
    if (heading) section = heading[1];
    const m = /^\|\s*`([a-z0-9-]+)`\s*\|\s*(blocker|warning|info)\s*\|/.exec(line);
    if (m) rows.push({ id: m[1], severity: m[2], section });
  }
  return rows;
}

describe('check registry', () => {
  it('registers exactly the 29 ids of spec/checks.md with their severities and targets', () => {
    const rows = specRows();
    expect(rows).toHaveLength(29);
    expect(CHECKS.map((c) => c.id).sort()).toEqual(rows.map((r) => r.id).sort());
    for (const row of rows) {
      const check = checkById(row.id)!;
      expect(check.severity, row.id).toBe(row.severity);
      const target = row.section.startsWith('Both') ? 'both' : row.section.includes('overlay') ? 'overlay' : 'cilium';
      expect(check.target, row.id).toBe(target);
      for (const lang of ['en', 'ja'] as const) {
        for (const part of ['name', 'title', 'fix'] as const) {
          const text = (PREFLIGHT_CATALOGUES[lang] as Record<string, string>)[`${row.id}.${part}`];
          expect(text, `${lang} ${row.id}.${part}`).toBeDefined();
          expect(text.length, `${lang} ${row.id}.${part}`).toBeGreaterThan(part === 'fix' ? 20 : 5);
        }
      }
      expect(check.docsUrl).toMatch(/^https:\/\//);
    }
  });

  it('throws on duplicate ids', () => {
    const dup: CheckDefinition = { ...CHECKS[0] };
    expect(() => assertUniqueIds([...CHECKS, dup])).toThrow(/duplicate preflight check id "cluster-provisioning-state"/);
    expect(assertUniqueIds(CHECKS)).toBe(CHECKS);
  });
});
