// Benchmark 4: the preflight card of the large cluster's reports (both targets): build time and
// JSON size against the 80 KB bound (Teams takes about 100 KB), plus the size of a 40x stress card.
import { buildPreflightCard, CARD_SIZE_LIMIT_BYTES } from '../cards/preflight-card.ts';
import { TARGETS } from '../services/cluster/types.ts';
import { runPreflight } from '../services/preflight/run-preflight.ts';
import type { PreflightReport } from '../services/preflight/types.ts';
import { buildLargeCluster, loadDemoFleet } from './fixtures.ts';
import { counts, measure, type BenchOptions, type BenchResult } from './measure.ts';

/** The large reports with every finding repeated 40 times at full text length: the summariser must still fit. */
function stressed(reports: readonly PreflightReport[]): PreflightReport[] {
  return reports.map((r) => ({
    ...r,
    findings: Array.from({ length: 40 }, (_, i) => r.findings.map((f) => ({
      ...f, check: `${f.check}-${i}`,
      detail: { id: 'missing.list' as const, params: { items: Array.from({ length: 4 }, () => f.detail) } },
      remediation: { id: 'missing.list' as const, params: { items: Array.from({ length: 3 }, () => f.remediation) } },
    }))).flat(),
  }));
}

function cardBytes(reports: PreflightReport[]): number {
  return Buffer.byteLength(JSON.stringify(buildPreflightCard({ reports, locale: 'en' })), 'utf8');
}

/** Name of this benchmark in the table and the JSON line. */
export const PREFLIGHT_CARD = 'preflight card: large report';

/** Times one card build (EN) per iteration; flags a card at or over CARD_SIZE_LIMIT_BYTES. */
export async function benchPreflightCard(options: BenchOptions): Promise<BenchResult> {
  const large = buildLargeCluster(loadDemoFleet());
  const reports = TARGETS.map((t) => runPreflight(large, t));
  let bytes = 0;
  const timing = await measure(() => {
    bytes = cardBytes(reports);
  }, counts(options, { warmup: 5, iterations: 100 }, { warmup: 1, iterations: 3 }));
  const kb = bytes / 1024;
  const limitKb = CARD_SIZE_LIMIT_BYTES / 1024;
  const ok = bytes < CARD_SIZE_LIMIT_BYTES;
  const stress = stressed(reports);
  const stressFindings = stress.reduce((n, r) => n + r.findings.length, 0);
  let stressBytes = 0;
  let stressError: string | undefined;
  try {
    stressBytes = cardBytes(stress);
  } catch (err) {
    stressError = err instanceof Error ? err.message : String(err);
  }
  const stressKb = stressBytes / 1024;
  const stressOk = stressError === undefined && stressBytes < CARD_SIZE_LIMIT_BYTES;
  return {
    name: PREFLIGHT_CARD, unit: 'cards', ...timing,
    figures: {
      cardKB: Number(kb.toFixed(2)), cardLimitKB: limitKb, cardUnderLimit: ok ? 1 : 0,
      stressFindings, stressCardKB: Number(stressKb.toFixed(2)), stressCardUnderLimit: stressOk ? 1 : 0,
    },
    notes: [
      `card ${kb.toFixed(1)} KB (limit ${limitKb} KB) ${ok ? 'OK' : 'OVER LIMIT'}`,
      `${stressFindings}-finding stress card ${stressError ? 'FAILED' : `${stressKb.toFixed(1)} KB`} ${stressOk ? 'OK' : 'OVER LIMIT'}`,
    ],
    flags: [
      ...(ok ? [] : [`preflight card is ${kb.toFixed(1)} KB, not under ${limitKb} KB`]),
      ...(stressOk ? [] : [`stress card (${stressFindings} findings) ${stressError ?? `is ${stressKb.toFixed(1)} KB`}, not under ${limitKb} KB`]),
    ],
  };
}
