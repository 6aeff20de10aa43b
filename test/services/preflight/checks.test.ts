// The generic per-check fixture runner: every test/fixtures/preflight/<check-id>/{pass,fail}.<case>.json
// is loaded through the real snapshot loader and run through runPreflight.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../../services/cluster/load.ts';
import { CHECKS } from '../../../services/preflight/registry.ts';
import { runPreflight } from '../../../services/preflight/run-preflight.ts';
import { detailOf, remediationOf, texts } from '../../fakes/finding.ts';

interface Fixture {
  description: string;
  target: 'overlay' | 'cilium';
  podCidr?: string;
  expect: { outcome: 'fail' | 'pass' | 'not-applicable' | 'unverified'; severity?: string; detailIncludes?: string[]; verdict?: string };
  snapshot: unknown;
}

const root = join(import.meta.dirname, '../../fixtures/preflight');
const dirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('preflight fixtures', () => {
  it('cover every registered check with a firing and a non-firing case', () => {
    expect(dirs).toEqual(CHECKS.map((c) => c.id).sort());
    for (const dir of dirs) {
      const files = readdirSync(join(root, dir));
      expect(files.some((f) => f.startsWith('fail.')), `${dir} has a fail fixture`).toBe(true);
      expect(files.some((f) => f.startsWith('pass.')), `${dir} has a pass fixture`).toBe(true);
      expect(files.every((f) => /^(pass|fail)\.[a-z0-9-]+\.json$/.test(f)), `${dir} fixture names`).toBe(true);
    }
  });

  for (const dir of dirs) {
    describe(dir, () => {
      for (const file of readdirSync(join(root, dir)).sort()) {
        const fixture = JSON.parse(readFileSync(join(root, dir, file), 'utf8')) as Fixture;
        it(`${file}: ${fixture.description}`, () => {
          expect(file.startsWith('fail.')).toBe(fixture.expect.outcome === 'fail' || fixture.expect.outcome === 'unverified');
          const snapshot = parseSnapshot(fixture.snapshot, `${dir}/${file}`);
          const report = runPreflight(snapshot, fixture.target, { podCidr: fixture.podCidr });
          const finding = report.findings.find((f) => f.check === dir);
          if (fixture.expect.verdict) expect(report.verdict).toBe(fixture.expect.verdict);
          switch (fixture.expect.outcome) {
            case 'pass':
              expect(finding).toBeUndefined();
              expect(report.passed).toContain(dir);
              break;
            case 'not-applicable':
              expect(finding).toBeUndefined();
              expect(report.notApplicable).toContain(dir);
              break;
            case 'fail':
            case 'unverified':
              expect(finding, `finding ${dir} in ${JSON.stringify(report.findings.map((f) => f.check))}`).toBeDefined();
              expect(finding!.severity).toBe(fixture.expect.severity);
              expect(finding!.unverified).toBe(fixture.expect.outcome === 'unverified');
              for (const text of fixture.expect.detailIncludes ?? []) expect(detailOf(finding)).toContain(text);
              expect(remediationOf(finding).length).toBeGreaterThan(20);
              expect(texts(finding!, 'ja').detail).not.toContain(finding!.detail.id);
              expect(report.passed).not.toContain(dir);
              expect(report.notApplicable).not.toContain(dir);
              if (finding!.severity === 'blocker') expect(report.verdict).toBe('blocked');
              break;
          }
        });
      }
    });
  }
});
