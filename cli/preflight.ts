// `netpilot preflight`: offline (--snapshot FILE) or live (CLUSTER [-g RG] [-s SUB]) preflight of one
// cluster for one target; prints the JSON report (--json) or a readable terminal report.
import { parseArgs } from 'node:util';
import { cliText, isLang, langFromEnv } from '../i18n/cli-text.ts';
import { renderFinding, reportJson, type Lang } from '../i18n/render.ts';
import { loadSnapshotFile } from '../services/cluster/load.ts';
import { UserError } from '../services/cluster/errors.ts';
import { CliError, parseArgsError, usageError } from './cli-error.ts';
import type { CliErrorId } from '../i18n/cli-errors-en.ts';
import type { IcuParams } from '../i18n/render.ts';
import { TARGETS, type ClusterSnapshot, type Target } from '../services/cluster/types.ts';
import { runPreflight } from '../services/preflight/run-preflight.ts';
import type { Finding, PreflightReport } from '../services/preflight/types.ts';

/** Parsed `netpilot preflight` arguments. */
export interface PreflightArgs {
  target: Target;
  podCidr?: string;
  json: boolean;
  /** Language of the text output and of the finding texts in `--json`. */
  lang: Lang;
  source: { kind: 'file'; file: string } | { kind: 'live'; cluster: string; resourceGroup?: string; subscriptionId?: string };
}

const USAGE = 'netpilot preflight (--snapshot FILE | CLUSTER [-g RG] [-s SUB]) --target overlay|cilium [--pod-cidr CIDR] [--json] [--lang en|ja]';

function usage(id: CliErrorId, params?: IcuParams): CliError {
  return usageError('preflight', id, params, USAGE);
}

/** Parses the arguments strictly; throws a one-line `UserError` on bad usage. */
export function parsePreflightArgs(args: string[], env: Readonly<Record<string, string | undefined>> = process.env): PreflightArgs {
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
        lang: { type: 'string' },
        'resource-group': { type: 'string', short: 'g' },
        subscription: { type: 'string', short: 's' },
      },
    });
  } catch (err) {
    throw parseArgsError(err, 'preflight', USAGE);
  }
  const { values, positionals } = parsed;
  if (values.target === undefined) throw usage('missing-target');
  if (!TARGETS.includes(values.target as Target)) throw usage('unknown-target', { value: values.target });
  if (positionals.length > 1) throw usage('unexpected-arguments', { args: positionals.slice(1).join(' ') });
  const cluster = positionals[0];
  if (values.snapshot !== undefined && cluster !== undefined) throw usage('snapshot-and-cluster');
  if (values.snapshot === undefined && cluster === undefined) throw usage('snapshot-or-cluster');
  if (values.snapshot !== undefined && (values['resource-group'] || values.subscription)) {
    throw usage('live-flags-with-snapshot');
  }
  if (values.snapshot === '') throw usage('snapshot-needs-file');
  if (values.lang !== undefined && !isLang(values.lang)) throw usage('unknown-language', { value: values.lang });
  return {
    target: values.target as Target,
    podCidr: values['pod-cidr'],
    json: values.json === true,
    lang: isLang(values.lang) ? values.lang : langFromEnv(env),
    source: values.snapshot !== undefined
      ? { kind: 'file', file: values.snapshot }
      : { kind: 'live', cluster: cluster!, resourceGroup: values['resource-group'], subscriptionId: values.subscription },
  };
}

type Paint = (code: string, text: string) => string;

function painter(colour: boolean): Paint {
  return (code, text) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
}

const SEVERITY_PAINT: Record<Finding['severity'], string> = { blocker: '31;1', warning: '33;1', info: '36' };

function findingLines(f: Finding, lang: Lang, paint: Paint): string {
  const t = renderFinding(f, lang);
  return [
    `  ${paint(SEVERITY_PAINT[f.severity], cliText(lang, `severity.${f.severity}`))} ${t.title} ${paint('2', `[${f.check}]`)}${f.unverified ? paint('35', ` ${cliText(lang, 'unverified')}`) : ''}`,
    `    ${t.detail}`,
    `    ${cliText(lang, 'fix', { text: t.remediation })}`,
  ].join('\n');
}

const VERDICT_PAINT: Record<string, string> = { ready: '32;1', blocked: '31;1', 'not-needed': '32', incomplete: '33;1' };

/** The readable terminal report in `lang` (default English): verdict first, blockers, warnings, info, then the plan. */
export function renderReport(report: PreflightReport, colour: boolean, lang: Lang = 'en'): string {
  const paint = painter(colour);
  const c = report.cluster;
  const verdictText = paint(VERDICT_PAINT[report.verdict] ?? '1', cliText(lang, `verdict.${report.verdict}`));
  const lines: string[] = [
    `${verdictText}  ${c.resourceGroup}/${c.name} -> ${report.target}`,
    `  ${cliText(lang, 'now', { mode: c.mode, dataplane: c.dataplane, policy: c.networkPolicy, version: c.kubernetesVersion ?? cliText(lang, 'unknown') })}`,
  ];
  if (report.verdict === 'not-needed') {
    lines.push(`  ${cliText(lang, 'not-needed', { target: report.target })}`);
    return `${lines.join('\n')}\n`;
  }
  if (report.verdict === 'incomplete') lines.push(`  ${cliText(lang, 'incomplete')}`);
  if (report.podCidr) lines.push(`  ${cliText(lang, 'pod-cidr', { cidr: report.podCidr })}`);
  if (report.suggestedPodCidr) lines.push(`  ${cliText(lang, 'suggested-pod-cidr', { cidr: report.suggestedPodCidr })}`);
  for (const severity of ['blocker', 'warning', 'info'] as const) {
    const group = report.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push('', paint('1', cliText(lang, `heading.${severity}`, { count: group.length })), ...group.map((f) => findingLines(f, lang, paint)));
  }
  lines.push('', paint('1', cliText(lang, 'passed', { count: report.passed.length })), `  ${report.passed.join(', ') || cliText(lang, 'none')}`);
  if (report.notApplicable.length > 0) lines.push(paint('2', cliText(lang, 'not-applicable', { ids: report.notApplicable.join(', ') })));
  if (report.plan) {
    lines.push('', paint('1', cliText(lang, 'plan')), `  networkProfile: ${JSON.stringify(report.plan.networkProfile)}`, `  ${report.plan.azCommand}`);
    lines.push(paint('2', `  ${cliText(lang, report.verdict === 'incomplete' ? 'sends-again' : 'irreversible')}`));
  }
  return `${lines.join('\n')}\n`;
}

/** Exit status of a report: 0 ready / not-needed, 1 blocked or incomplete (the migration needs finishing). */
export function exitCodeOf(report: PreflightReport): number {
  return report.verdict === 'blocked' || report.verdict === 'incomplete' ? 1 : 0;
}

async function liveReport(args: PreflightArgs & { source: { kind: 'live' } }): Promise<PreflightReport> {
  let live: { withLiveSnapshot: <T>(q: { cluster: string; resourceGroup?: string; subscriptionId?: string }, fn: (snapshot: ClusterSnapshot, raw: unknown) => Promise<T>) => Promise<T> };
  try {
    // Loaded only for a live preflight (its Azure SDK and Kubernetes clients are not needed offline).
    live = await import('./live.ts');
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
  process.stdout.write(parsed.json
    ? `${JSON.stringify(reportJson(report, parsed.lang), null, 2)}\n`
    : renderReport(report, process.stdout.isTTY === true, parsed.lang));
  return exitCodeOf(report);
}
