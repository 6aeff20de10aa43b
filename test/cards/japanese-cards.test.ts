// Every card NetPilot draws for the demo fleet, in Japanese, carries no English sentence: only
// identifiers, commands, CIDRs and product names stay in English (issue 12).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApprovalCard } from '../../cards/approval-card.ts';
import { buildPreflightCard } from '../../cards/preflight-card.ts';
import { demoCards } from '../../cards/render/demo-cards.ts';
import { demoApproval } from '../../cards/render/demo-data.ts';
import { parseFleet } from '../../services/cluster/load.ts';
import { TARGETS } from '../../services/cluster/types.ts';
import { runPreflight } from '../../services/preflight/run-preflight.ts';
import type { PreflightReport } from '../../services/preflight/types.ts';
import { englishSentences } from '../i18n/english-in-japanese.ts';
import { visibleText } from './helpers.ts';

const fleet = parseFleet(JSON.parse(readFileSync(join(import.meta.dirname, '../../emulator/fleets/demo.json'), 'utf8')), 'demo.json');

/** Every report of the demo fleet: both targets, and for Overlay also with the suggested pod CIDR. */
function demoReports(): PreflightReport[] {
  return fleet.flatMap((snapshot) => TARGETS.flatMap((target) => {
    const first = runPreflight(snapshot, target);
    return first.suggestedPodCidr ? [first, runPreflight(snapshot, target, { podCidr: first.suggestedPodCidr })] : [first];
  }));
}

/** Azure's own error text, quoted after a label that says it is Azure's, may stay as Azure wrote it. */
const AZURE_QUOTE = /Azure の(?:エラー|原文)[^:：]*[:：].*$/;

function offenders(text: string): string[] {
  return text.split('\n').flatMap((line) => englishSentences(line.replace(AZURE_QUOTE, '')).map((run) => `${run}  <=  ${line}`));
}

describe('Japanese cards of the demo fleet', () => {
  const reports = demoReports();

  it('covers every demo cluster, both targets', () => {
    expect(new Set(reports.map((r) => r.cluster.name)).size).toBe(fleet.length);
    expect(reports.some((r) => r.findings.some((f) => f.unverified) || r.verdict === 'blocked')).toBe(true);
  });

  it.each(reports.map((r, i) => [`${r.cluster.name} -> ${r.target}${r.podCidr ? ` (${r.podCidr})` : ''}`, i] as const))(
    'preflight card %s has no English sentence', (_name, i) => {
      const card = buildPreflightCard({ reports: [reports[i]], locale: 'ja' });
      expect(offenders(visibleText(card))).toEqual([]);
    });

  it.each(reports.filter((r) => r.verdict === 'ready').map((r) => [`${r.cluster.name} -> ${r.target}`, r] as const))(
    'approval card %s has no English sentence', (_name, report) => {
      const card = buildApprovalCard({ ...demoApproval, report, view: 'actionable', locale: 'ja' });
      expect(offenders(visibleText(card))).toEqual([]);
    });

  // Cards whose demo texts still carry English (none left: audit details are notes, errors ids).
  const KNOWN_GAPS: string[] = [];
  const cards = Object.entries(demoCards('ja'));

  it.each(cards.filter(([name]) => !KNOWN_GAPS.includes(name)))('demo card %s has no English sentence', (_name, card) => {
    expect(offenders(visibleText(card))).toEqual([]);
  });

  it('the known gaps are exactly the cards that still carry English (fixing one shrinks the list)', () => {
    expect(cards.filter(([, card]) => offenders(visibleText(card)).length > 0).map(([name]) => name).sort()).toEqual([...KNOWN_GAPS].sort());
  });

  it('the same check finds the English sentences of the English cards (it can fail)', () => {
    const card = buildPreflightCard({ reports: [reports[0]], locale: 'en' });
    expect(offenders(visibleText(card)).length).toBeGreaterThan(0);
  });
});
