// `netpilot fleet [-s SUB] [--json|--csv] [--lang en|ja]`: readiness of every cluster for each target
// (spec/interfaces.md §8 "CLI additions"). Exit 0 when every cluster was read, 1 otherwise.
import { CliError, usageError } from './cli-error.ts';
import type { CliErrorId } from '../i18n/cli-errors-en.ts';
import type { IcuParams } from '../i18n/render.ts';
import type { Target } from '../services/cluster/types.ts';
import type { FleetReadiness } from '../services/planning/fleet-readiness.ts';
import { scanFleet } from '../services/planning/fleet-scan.ts';
import { cliConfig, parseCliArgs, withLiveBackend } from './live.ts';
import { cliText, isLang, langFromEnv, parenthetical } from '../i18n/cli-text.ts';
import type { Lang } from '../i18n/render.ts';

const USAGE = 'netpilot fleet [-s SUB] [--json|--csv] [--lang en|ja]';

/** Parsed `netpilot fleet` arguments. */
export interface FleetArgs {
  subscriptionId?: string;
  format: 'text' | 'json' | 'csv';
  lang: Lang;
}

function usage(id: CliErrorId, params?: IcuParams): CliError {
  return usageError('fleet', id, params, USAGE);
}

/** Parses the arguments strictly; a one-line `UserError` (exit 2) on bad usage. */
export function parseFleetArgs(args: string[], env: Record<string, string | undefined> = process.env): FleetArgs {
  const { values, positionals } = parseCliArgs(args, {
    subscription: { type: 'string', short: 's' },
    json: { type: 'boolean', default: false },
    csv: { type: 'boolean', default: false },
    lang: { type: 'string' },
  }, USAGE);
  if (positionals.length > 0) throw usage('unexpected-arguments', { args: positionals.join(' ') });
  if (values.json && values.csv) throw usage('json-and-csv');
  if (values.lang !== undefined && !isLang(values.lang)) throw usage('unknown-language', { value: values.lang });
  if (values.subscription !== undefined && values.subscription.trim() === '') throw usage('subscription-needs-id');
  return {
    subscriptionId: values.subscription?.trim(),
    format: values.json ? 'json' : values.csv ? 'csv' : 'text',
    lang: isLang(values.lang) ? values.lang : langFromEnv(env),
  };
}

/** Exit status of a scan: 0 when every cluster was read, 1 otherwise. */
export function fleetExitCode(fleet: FleetReadiness): number {
  return fleet.unread.length > 0 ? 1 : 0;
}

const TARGETS: readonly Target[] = ['overlay', 'cilium'];

/** One CSV field, quoted when it holds a comma, quote, or line break (RFC 4180). */
export function csvField(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Column names of the CSV output. */
export const CSV_COLUMNS = [
  'subscriptionId', 'resourceGroup', 'name', 'target', 'verdict', 'blockers', 'mode', 'dataplane', 'networkPolicy',
  'kubernetesVersion', 'suggestedPodCidr', 'podCidrAssumed',
] as const;

/** The CSV: a header, then one row per cluster and target; blocker ids joined by `;`. */
export function renderCsv(fleet: FleetReadiness): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const c of fleet.clusters) {
    for (const target of TARGETS) {
      const t = c.targets[target];
      rows.push([
        c.subscriptionId, c.resourceGroup, c.name, target, t.verdict, t.blockers.join(';'), c.mode, c.dataplane, c.networkPolicy,
        c.kubernetesVersion, t.suggestedPodCidr ?? '', t.podCidrAssumed === undefined ? '' : t.podCidrAssumed,
      ].map(csvField).join(','));
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** The readable table: one line per cluster with each target's verdict and blockers, then what was not read. */
export function renderFleet(fleet: FleetReadiness, lang: Lang): string {
  const cell = (target: Target, c: FleetReadiness['clusters'][number]): string => {
    const r = c.targets[target];
    const assumed = r.podCidrAssumed && r.suggestedPodCidr ? parenthetical(lang, cliText(lang, 'fleet.pod-cidr-assumed', { podCidr: r.suggestedPodCidr })) : '';
    return `${cliText(lang, `fleet.verdict.${r.verdict}`)}${r.blockers.length > 0 ? `: ${r.blockers.join(', ')}` : ''}${assumed}`;
  };
  const rows = fleet.clusters.map((c) => [`${c.resourceGroup}/${c.name}`, c.mode, c.kubernetesVersion ?? '?', cell('overlay', c), cell('cilium', c)]);
  const header = (['cluster', 'mode', 'kubernetes', 'overlay', 'cilium'] as const).map((h) => cliText(lang, `fleet.header.${h}`));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((x, i) => (i === r.length - 1 ? x : x.padEnd(widths[i]))).join('  ').trimEnd();
  const lines = [line(header), ...rows.map(line), ''];
  lines.push(cliText(lang, 'fleet.summary', {
    clusters: fleet.clusters.length,
    overlayReady: fleet.clusters.filter((c) => c.targets.overlay.verdict === 'ready').length,
    ciliumReady: fleet.clusters.filter((c) => c.targets.cilium.verdict === 'ready').length,
    unread: fleet.unread.length,
  }));
  for (const u of fleet.unread) lines.push(cliText(lang, u.partial ? 'fleet.partial' : 'fleet.unread', { id: u.id, reason: u.reason }));
  return `${lines.join('\n')}\n`;
}

/** Runs `netpilot fleet`; prints the scan and returns 0 (all read) or 1 (some not read); bad usage throws (2). */
export async function fleetCommand(args: string[]): Promise<number> {
  const parsed = parseFleetArgs(args);
  const configured = cliConfig().subscriptionIds;
  if (parsed.subscriptionId && configured.length > 0
    && !configured.some((s) => s.toLowerCase() === parsed.subscriptionId!.toLowerCase())) {
    throw new CliError('SubscriptionOutOfScope', { id: 'subscription-out-of-scope', params: { subscriptionId: parsed.subscriptionId } },
      { id: 'subscription-out-of-scope.hint', params: { configured: configured.join(', ') } });
  }
  const fleet = await withLiveBackend(async (backend) => {
    const subscriptions = parsed.subscriptionId ? [parsed.subscriptionId]
      : configured.length > 0 ? configured
        : (await backend.clients.listSubscriptions()).map((s) => s.subscriptionId);
    // On a terminal, a progress line on stderr while a long scan runs (never in piped output).
    const onProgress = process.stderr.isTTY
      ? (p: { done: number; total: number }) => process.stderr.write(`\r${p.done}/${p.total}${p.done === p.total ? '\n' : ''}`)
      : undefined;
    return scanFleet({ clients: backend.clients, directory: backend.directory, subscriptions, onProgress });
  });
  const out = parsed.format === 'json' ? `${JSON.stringify(fleet, null, 2)}\n`
    : parsed.format === 'csv' ? renderCsv(fleet) : renderFleet(fleet, parsed.lang);
  await new Promise<void>((resolve, reject) => process.stdout.write(out, (err) => (err ? reject(err) : resolve())));
  if (parsed.format === 'csv') {
    for (const u of fleet.unread) process.stderr.write(`${cliText(parsed.lang, u.partial ? 'fleet.partial' : 'fleet.unread', { id: u.id, reason: u.reason })}\n`);
  }
  return fleetExitCode(fleet);
}
