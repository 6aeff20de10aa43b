// `netpilot preflight`: offline (--snapshot FILE) or live (CLUSTER [-g RG] [-s SUB]) preflight of one
// cluster for one target; prints the JSON report (--json) or a readable terminal report.
import { parseArgs } from 'node:util';
import { loadSnapshotFile } from '../services/cluster/load.ts';
import { UserError } from '../services/cluster/errors.ts';
import { TARGETS, type ClusterSnapshot, type Target } from '../services/cluster/types.ts';
import { runPreflight } from '../services/preflight/run-preflight.ts';
import type { Finding, PreflightReport } from '../services/preflight/types.ts';

/** Parsed `netpilot preflight` arguments. */
export interface PreflightArgs {
  target: Target;
  podCidr?: string;
  json: boolean;
  source: { kind: 'file'; file: string } | { kind: 'live'; cluster: string; resourceGroup?: string; subscriptionId?: string };
}

const HINT = 'usage: netpilot preflight (--snapshot FILE | CLUSTER [-g RG] [-s SUB]) --target overlay|cilium [--pod-cidr CIDR] [--json]';

function usage(message: string): UserError {
  return new UserError('BadUsage', `preflight: ${message}`, HINT);
}

/** Parses the arguments strictly; throws a one-line `UserError` on bad usage. */
export function parsePreflightArgs(args: string[]): PreflightArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        snapshot: { type: 'string' },
        target: { type: 'string', short: 't' },
        'pod-cidr': { type: 'string' },
        json: { type: 'boolean', default: false },
        'resource-group': { type: 'string', short: 'g' },
        subscription: { type: 'string', short: 's' },
      },
    });
  } catch (err) {
    throw usage((err as Error).message.split('\n')[0].split('. ')[0]);
  }
  const { values, positionals } = parsed;
  if (values.target === undefined) throw usage('missing --target overlay|cilium');
  if (!TARGETS.includes(values.target as Target)) throw usage(`unknown target "${values.target}" (expected overlay or cilium)`);
  if (positionals.length > 1) throw usage(`unexpected arguments: ${positionals.slice(1).join(' ')}`);
  const cluster = positionals[0];
  if (values.snapshot !== undefined && cluster !== undefined) throw usage('give either --snapshot FILE or CLUSTER, not both');
  if (values.snapshot === undefined && cluster === undefined) throw usage('give --snapshot FILE (offline) or a CLUSTER name (live)');
  if (values.snapshot !== undefined && (values['resource-group'] || values.subscription)) {
    throw usage('-g/-s apply to a live CLUSTER, not to --snapshot');
  }
  if (values.snapshot === '') throw usage('--snapshot needs a file name');
  return {
    target: values.target as Target,
    podCidr: values['pod-cidr'],
    json: values.json === true,
    source: values.snapshot !== undefined
      ? { kind: 'file', file: values.snapshot }
      : { kind: 'live', cluster: cluster!, resourceGroup: values['resource-group'], subscriptionId: values.subscription },
  };
}

type Paint = (code: string, text: string) => string;

function painter(colour: boolean): Paint {
  return (code, text) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
}

function renderFinding(f: Finding, paint: Paint): string {
  const tag = f.severity === 'blocker' ? paint('31;1', 'BLOCKER') : f.severity === 'warning' ? paint('33;1', 'WARNING') : paint('36', 'INFO');
  return [
    `  ${tag} ${f.title} ${paint('2', `[${f.check}]`)}${f.unverified ? paint('35', ' (unverified)') : ''}`,
    `    ${f.detail}`,
    `    fix: ${f.remediation}`,
  ].join('\n');
}

/** The readable terminal report: verdict first, blockers, warnings, info, then the plan. */
export function renderReport(report: PreflightReport, colour: boolean): string {
  const paint = painter(colour);
  const c = report.cluster;
  const verdictText = report.verdict === 'ready' ? paint('32;1', 'READY')
    : report.verdict === 'blocked' ? paint('31;1', 'BLOCKED')
      : report.verdict === 'incomplete' ? paint('33;1', 'INCOMPLETE') : paint('32', 'NOT NEEDED');
  const lines: string[] = [
    `${verdictText}  ${c.resourceGroup}/${c.name} -> ${report.target}`,
    `  now: ${c.mode}, dataplane ${c.dataplane}, network policy ${c.networkPolicy}, Kubernetes ${c.kubernetesVersion ?? 'unknown'}`,
  ];
  if (report.verdict === 'not-needed') {
    lines.push(`  The cluster already runs ${report.target === 'overlay' ? 'Azure CNI Overlay' : 'Azure CNI powered by Cilium'}; nothing to do.`);
    return `${lines.join('\n')}\n`;
  }
  if (report.verdict === 'incomplete') {
    lines.push(`  The network profile already shows ${report.target}, but the last migration failed or did not convert every node.`,
      '  Finish it by sending the same update again (request the upgrade through NetPilot, or run the az command below).');
  }
  if (report.podCidr) lines.push(`  pod CIDR: ${report.podCidr}`);
  if (report.suggestedPodCidr) lines.push(`  suggested pod CIDR: ${report.suggestedPodCidr}`);
  for (const [severity, heading] of [['blocker', 'Blockers'], ['warning', 'Warnings (acknowledge each on approval)'], ['info', 'Notes']] as const) {
    const group = report.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push('', paint('1', `${heading} (${group.length})`), ...group.map((f) => renderFinding(f, paint)));
  }
  lines.push('', paint('1', `Passed (${report.passed.length})`), `  ${report.passed.join(', ') || '(none)'}`);
  if (report.notApplicable.length > 0) lines.push(paint('2', `Not applicable: ${report.notApplicable.join(', ')}`));
  if (report.plan) {
    lines.push('', paint('1', 'Plan'), `  networkProfile: ${JSON.stringify(report.plan.networkProfile)}`, `  ${report.plan.azCommand}`);
    lines.push(paint('2', report.verdict === 'incomplete'
      ? '  Sends the same update again: AKS reconciles the cluster and finishes the migration (nodes are reimaged again).'
      : '  Irreversible: every node pool is reimaged at the same time.'));
  }
  return `${lines.join('\n')}\n`;
}

/** Exit status of a report: 0 ready / not-needed, 1 blocked or incomplete (the migration needs finishing). */
export function exitCodeOf(report: PreflightReport): number {
  return report.verdict === 'blocked' || report.verdict === 'incomplete' ? 1 : 0;
}

async function liveReport(args: PreflightArgs & { source: { kind: 'live' } }): Promise<PreflightReport> {
  let live: { withLiveSnapshot: <T>(q: { cluster: string; resourceGroup?: string; subscriptionId?: string }, fn: (snapshot: ClusterSnapshot, raw: unknown) => Promise<T>) => Promise<T> };
  const liveModule = './live.ts'; // a variable specifier: this file must load before cli/live.ts exists
  try {
    live = (await import(liveModule)) as typeof live;
  } catch (err) {
    throw new UserError('LiveUnavailable', `preflight: live mode is not available (${(err as Error).message.split('\n')[0]})`,
      'use --snapshot FILE for an offline preflight');
  }
  const { cluster, resourceGroup, subscriptionId } = args.source;
  return live.withLiveSnapshot({ cluster, resourceGroup, subscriptionId },
    async (snapshot) => runPreflight(snapshot, args.target, { podCidr: args.podCidr }));
}

/** `netpilot preflight ...`: prints the report and returns 0 (ready / not-needed), 1 (blocked / incomplete) or throws a UserError (2). */
export async function preflightCommand(args: string[]): Promise<number> {
  const parsed = parsePreflightArgs(args);
  const report = parsed.source.kind === 'file'
    ? runPreflight(await loadSnapshotFile(parsed.source.file), parsed.target, { podCidr: parsed.podCidr })
    : await liveReport(parsed as PreflightArgs & { source: { kind: 'live' } });
  process.stdout.write(parsed.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report, process.stdout.isTTY === true));
  return exitCodeOf(report);
}
