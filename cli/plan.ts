// `netpilot plan CLUSTER [-g RG] [-s SUB] --to overlay|cilium [--pod-cidr CIDR] [--json] [--lang en|ja]`:
// the ordered migration steps of a live cluster (spec/interfaces.md §8 "CLI additions").
import { CliError, usageError } from './cli-error.ts';
import type { CliErrorId } from '../i18n/cli-errors-en.ts';
import type { IcuParams } from '../i18n/render.ts';
import { currentStep, GOALS, planPath, type Goal, type PathPlan, type PlanMessage } from '../services/planning/plan-path.ts';
import { renderMessage } from '../i18n/render.ts';
import { parseCliArgs, withLiveSnapshot } from './live.ts';
import { cliText, isLang, langFromEnv, parenthetical } from '../i18n/cli-text.ts';
import type { Lang } from '../i18n/render.ts';

const USAGE = 'netpilot plan CLUSTER [-g RG] [-s SUB] --to overlay|cilium [--pod-cidr CIDR] [--json] [--lang en|ja]';

/** Parsed `netpilot plan` arguments. */
export interface PlanArgs {
  cluster: string;
  resourceGroup?: string;
  subscriptionId?: string;
  goal: Goal;
  podCidr?: string;
  json: boolean;
  lang: Lang;
}

function usage(id: CliErrorId, params?: IcuParams): CliError {
  return usageError('plan', id, params, USAGE);
}

/** Parses the arguments strictly; a one-line `UserError` (exit 2) on bad usage. */
export function parsePlanArgs(args: string[], env: Record<string, string | undefined> = process.env): PlanArgs {
  const { values, positionals } = parseCliArgs(args, {
    to: { type: 'string' },
    'pod-cidr': { type: 'string' },
    json: { type: 'boolean', default: false },
    lang: { type: 'string' },
    'resource-group': { type: 'string', short: 'g' },
    subscription: { type: 'string', short: 's' },
  }, USAGE);
  if (positionals.length === 0) throw usage('missing-cluster');
  if (positionals.length > 1) throw usage('unexpected-arguments', { args: positionals.slice(1).join(' ') });
  if (values.to === undefined) throw usage('missing-goal');
  if (!GOALS.includes(values.to as Goal)) throw usage('unknown-goal', { value: values.to });
  if (values.lang !== undefined && !isLang(values.lang)) throw usage('unknown-language', { value: values.lang });
  return {
    cluster: positionals[0],
    resourceGroup: values['resource-group'],
    subscriptionId: values.subscription,
    goal: values.to as Goal,
    podCidr: values['pod-cidr'],
    json: values.json === true,
    lang: isLang(values.lang) ? values.lang : langFromEnv(env),
  };
}

/** Exit status of a plan: 0 when the first step not done is ready or running (or all are done), 1 when it is blocked. */
export function planExitCode(plan: PathPlan): number {
  return currentStep(plan)?.state === 'blocked' ? 1 : 0;
}

function pad(cells: string[][]): string[] {
  const width = (s: string): number => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i] - width(c)))).join('  ').trimEnd());
}

/** The readable plan: a header, one table row per step, then what each open step needs and changes. */
export function renderPlan(plan: PathPlan, lang: Lang): string {
  const t = (id: Parameters<typeof cliText>[1], params?: Parameters<typeof cliText>[2]): string => cliText(lang, id, params);
  const c = plan.cluster;
  const msg = (m: PlanMessage): string => {
    const tables = (m.params as Record<string, unknown>).routeTables;
    return t(`plan.message.${m.id}`, { ...m.params, count: Array.isArray(tables) ? tables.length : 1 } as Parameters<typeof cliText>[2]);
  };
  const target = (x: 'overlay' | 'cilium'): string => t(`plan.target.${x}`);
  const lines = [
    `${c.resourceGroup}/${c.name} -> ${t(`plan.goal.${plan.goal}`)}`,
    `  ${t('now', { mode: c.mode, dataplane: c.dataplane, policy: c.networkPolicy, version: c.kubernetesVersion ?? '?' })}`,
    '',
  ];
  const rows = plan.steps.map((s, i) => [
    String(i + 1),
    target(s.target),
    `${t(`plan.state.${s.state}`)}${s.after && s.state === 'waiting' ? parenthetical(lang, t('plan.after', { n: s.after })) : ''}`,
    s.estimate ? t('plan.minutes', { minutes: s.estimate.minutes }) : '-',
    s.blockers.map((b) => b.id).join(', ') || '-',
  ]);
  const header = ['#', t('plan.header.step'), t('plan.header.state'), t('plan.header.estimate'), t('plan.header.blockers')];
  lines.push(...pad([header, ...rows]).map((l) => `  ${l}`));
  plan.steps.forEach((s, i) => {
    if (s.state === 'done') return;
    lines.push('', `${i + 1}. ${target(s.target)}: ${t(`plan.state.${s.state}`)}${s.finishing ? parenthetical(lang, t('plan.finishing')) : ''}`);
    for (const p of s.prerequisites) lines.push(`   ${t('plan.before')}: ${msg(p)}`);
    for (const b of s.blockers) lines.push(`   [${b.id}] ${t('plan.fix')}: ${renderMessage(b.remediation, lang)}`);
    for (const e of s.effects) lines.push(`   ${t('plan.changes')}: ${msg(e)}`);
    if (s.azCommand) lines.push(`   ${s.azCommand}`);
  });
  if (plan.notes.length > 0) lines.push('', `${t('plan.notes')}:`, ...plan.notes.map((n) => `  - ${msg(n)}`));
  const cur = currentStep(plan);
  const n = cur ? plan.steps.indexOf(cur) + 1 : 0;
  lines.push('');
  if (!cur) lines.push(t('plan.next-none'));
  else {
    lines.push(t('plan.total', { minutes: plan.estimatedMinutes }));
    lines.push(cur.state === 'blocked'
      ? t('plan.next-blocked', { n, target: target(cur.target) })
      : t('plan.next', { n, target: target(cur.target), command: cur.azCommand ?? '-' }));
  }
  return `${lines.join('\n')}\n`;
}

/** The plan for `--json`: each blocker's remedy as text in `lang`, plus its message id and parameters. */
export function planJson(plan: PathPlan, lang: Lang): unknown {
  return {
    ...plan,
    steps: plan.steps.map((s) => ({
      ...s,
      blockers: s.blockers.map((b) => ({
        id: b.id, remediation: renderMessage(b.remediation, lang), unverified: b.unverified,
        messageId: b.remediation.id, params: b.remediation.params,
      })),
    })),
  };
}

/** Runs `netpilot plan`; prints the plan (JSON or text) and returns its exit status (bad usage throws -> 2). */
export async function planCommand(args: string[]): Promise<number> {
  const parsed = parsePlanArgs(args);
  const plan = await withLiveSnapshot(
    { cluster: parsed.cluster, resourceGroup: parsed.resourceGroup, subscriptionId: parsed.subscriptionId },
    async (snapshot) => planPath(snapshot, parsed.goal, { podCidr: parsed.podCidr }),
  );
  process.stdout.write(parsed.json ? `${JSON.stringify(planJson(plan, parsed.lang), null, 2)}\n` : renderPlan(plan, parsed.lang));
  return planExitCode(plan);
}
