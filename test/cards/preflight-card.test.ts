import { describe, expect, it } from 'vitest';
import { buildPreflightCard, CARD_SIZE_LIMIT_BYTES } from '../../cards/preflight-card.ts';
import { validateCard } from '../../cards/validate.ts';
import {
  bigOverlayReport, bigReport, ciliumNotNeeded, kubenetCiliumBlocked, kubenetOverlayReady, legacyCiliumBlocked,
  legacyOverlayBlocked, legacyOverlayReady, overlayIncomplete, policyNames,
} from './fixtures.ts';
import { allObjects, jsonBytes, ofType, visibleText } from './helpers.ts';
import { texts } from '../fakes/finding.ts';

function verdictBlock(card: unknown, index: number) {
  const styled = ofType(card, 'Container').filter((c) => c.bleed === true);
  return styled[index];
}

describe('buildPreflightCard', () => {
  it('shows both targets of `check X` in one card, verdict first with its colour', () => {
    const card = buildPreflightCard({ reports: [kubenetOverlayReady, kubenetCiliumBlocked], locale: 'en' });
    const first = verdictBlock(card, 0);
    const second = verdictBlock(card, 1);
    expect(first.style).toBe('good');
    expect(JSON.stringify(first)).toMatch(/READY for Azure CNI Overlay/);
    expect(second.style).toBe('attention');
    expect(JSON.stringify(second)).toMatch(/BLOCKED for Azure CNI powered by Cilium/);
  });

  it('colours not-needed as accent', () => {
    const card = buildPreflightCard({ reports: [ciliumNotNeeded], locale: 'en' });
    expect(verdictBlock(card, 0).style).toBe('accent');
    expect(visibleText(card)).toMatch(/ALREADY ON Azure CNI powered by Cilium/);
  });

  it('shows incomplete in warning colour, in both languages, with the command that finishes it (no pod CIDR to type)', () => {
    const en = buildPreflightCard({ reports: [overlayIncomplete], locale: 'en' });
    expect(verdictBlock(en, 0).style).toBe('warning');
    const enText = visibleText(en);
    expect(enText).toContain('MIGRATION TO Azure CNI Overlay NOT FINISHED');
    expect(enText).toContain('Finish it with `upgrade aks-overlay to overlay`');
    expect(enText).not.toContain('upgrade aks-overlay to overlay with pod cidr');
    expect(enText).toContain(overlayIncomplete.plan!.azCommand);
    expect(enText).toContain('migration-incomplete');
    const ja = buildPreflightCard({ reports: [overlayIncomplete], locale: 'ja' });
    expect(verdictBlock(ja, 0).style).toBe('warning');
    const jaText = visibleText(ja);
    expect(jaText).toContain('Azure CNI オーバーレイ への移行が完了していません');
    expect(jaText).toContain('`aks-overlay をオーバーレイに移行` で移行を完了してください');
    expect(validateCard(en)).toEqual([]);
    expect(validateCard(ja)).toEqual([]);
  });

  it('shows the cluster facts', () => {
    const text = visibleText(buildPreflightCard({ reports: [legacyOverlayReady], locale: 'en' }));
    for (const fact of ['node-subnet', 'azure', 'none', '1.30.4']) expect(text).toContain(fact);
  });

  it('lists every finding with its check id as visible small text, title, detail and remediation', () => {
    const card = buildPreflightCard({ reports: [legacyCiliumBlocked], locale: 'en' });
    const text = visibleText(card);
    for (const f of legacyCiliumBlocked.findings) {
      const idBlock = ofType(card, 'TextBlock').find((t) => t.text === f.check);
      expect(idBlock, f.check).toBeDefined();
      expect(idBlock?.size).toBe('Small');
      const t = texts(f);
      expect(text).toContain(t.title);
      expect(text).toContain(t.detail);
      expect(text).toContain(t.remediation);
    }
  });

  it('renders every finding in Japanese on a Japanese card, the check id unchanged', () => {
    const card = buildPreflightCard({ reports: [legacyCiliumBlocked], locale: 'ja' });
    const text = visibleText(card);
    for (const f of legacyCiliumBlocked.findings) {
      const t = texts(f, 'ja');
      expect(text).toContain(f.check);
      expect(text).toContain(t.title);
      expect(text).toContain(t.detail);
      expect(text).not.toContain(texts(f, 'en').title);
    }
  });

  it('orders blockers, then warnings, then info', () => {
    const card = buildPreflightCard({ reports: [kubenetOverlayReady, legacyCiliumBlocked], locale: 'en' });
    const text = JSON.stringify(card);
    const at = (s: string) => text.indexOf(s);
    // legacyCiliumBlocked: blocker cilium-windows-pools before warning pdb-blocks-drain
    const second = text.slice(at('BLOCKED for'));
    expect(second.indexOf('"cilium-windows-pools"')).toBeLessThan(second.indexOf('"pdb-blocks-drain"'));
    // kubenetOverlayReady: warnings before info
    expect(at('"overlay-kubenet-route-table"')).toBeLessThan(at('"overlay-pod-reachability"'));
    expect(at('Warnings (2)')).toBeLessThan(at('Notes (1)'));
  });

  it('marks unverified findings', () => {
    const card = buildPreflightCard({ reports: [legacyCiliumBlocked], locale: 'en' });
    const marks = ofType(card, 'TextBlock').filter((t) => String(t.text).startsWith('UNVERIFIED'));
    expect(marks).toHaveLength(legacyCiliumBlocked.findings.filter((f) => f.unverified).length);
  });

  it('puts passed checks in a collapsed section opened by a toggle', () => {
    const card = buildPreflightCard({ reports: [kubenetOverlayReady, kubenetCiliumBlocked], locale: 'en' });
    const toggles = ofType(card, 'Action.ToggleVisibility');
    expect(toggles).toHaveLength(2);
    for (const [i, report] of [kubenetOverlayReady, kubenetCiliumBlocked].entries()) {
      const target = (toggles[i].targetElements as string[])[0];
      const section = allObjects(card).find((o) => o.id === target);
      expect(section?.isVisible).toBe(false);
      const sectionText = visibleText(section);
      for (const id of report.passed) expect(sectionText).toContain(id);
      expect(toggles[i].title).toContain(`(${report.passed.length})`);
    }
  });

  it('shows the plan and the equivalent az command in monospace', () => {
    const card = buildPreflightCard({ reports: [legacyOverlayReady], locale: 'en' });
    const az = ofType(card, 'TextBlock').find((t) => t.text === legacyOverlayReady.plan?.azCommand);
    expect(az?.fontType).toBe('Monospace');
    const facts = allObjects(card).filter((o) => o.title === 'podCidr');
    expect(facts[0]?.value).toBe('192.168.0.0/16');
    expect(visibleText(card)).toContain('upgrade aks-legacy to overlay with pod cidr 192.168.0.0/16');
  });

  it('shows the suggested pod CIDR when there is one', () => {
    expect(visibleText(buildPreflightCard({ reports: [legacyOverlayBlocked], locale: 'en' }))).toContain('100.64.0.0/16');
    expect(visibleText(buildPreflightCard({ reports: [legacyOverlayReady], locale: 'en' }))).not.toContain('Suggested pod CIDR');
  });

  it('speaks Japanese', () => {
    const text = visibleText(buildPreflightCard({ reports: [legacyOverlayReady, legacyCiliumBlocked], locale: 'ja' }));
    expect(text).toContain('移行可能');
    expect(text).toContain('ブロッカー');
    expect(text).toContain('cilium-windows-pools');
  });

  it('refuses an empty report list', () => {
    expect(() => buildPreflightCard({ reports: [], locale: 'en' })).toThrow();
  });

  describe('size bound (100 node pools, 500 policies)', () => {
    for (const locale of ['en', 'ja'] as const) {
      it(`stays under 80 KB and valid with two huge reports (${locale})`, () => {
        const reports = [bigOverlayReport(), bigReport()];
        const rawBytes = jsonBytes(reports);
        expect(rawBytes).toBeGreaterThan(4 * CARD_SIZE_LIMIT_BYTES);
        const card = buildPreflightCard({ reports, locale });
        expect(jsonBytes(card)).toBeLessThanOrEqual(CARD_SIZE_LIMIT_BYTES);
        expect(validateCard(card)).toEqual([]);
        const text = visibleText(card);
        expect(text).toMatch(locale === 'en' ? /…and \d+ more/ : /…ほか \d+ 件/);
        expect(text).toContain('cilium-windows-pools');
        expect(text).not.toContain(policyNames(500)[499]);
      });
    }

    it('keeps every check id of a 20-finding report visible', () => {
      const report = bigReport(100, 500, 16);
      const card = buildPreflightCard({ reports: [report], locale: 'en' });
      const ids = ofType(card, 'TextBlock').map((t) => t.text);
      for (const f of report.findings) expect(ids).toContain(f.check);
    });
  });
});
