// Renders the plan catalogues (plan-en.ts / plan-ja.ts) with intl-messageformat, and the words the
// plan shares with `netpilot plan` (goal and step names, effects on workloads: cli-text.ts `plan.*`).
import { IntlMessageFormat } from 'intl-messageformat';
import type { PlanMessage } from '../services/planning/types.ts';
import { cliText, type CliParam } from './cli-text.ts';
import { planEn, type PlanTextId } from './plan-en.ts';
import { planJa } from './plan-ja.ts';
import type { Lang } from './render.ts';

export type { PlanTextId } from './plan-en.ts';

/** Both plan catalogues; they hold the same ids (type) and ICU arguments (test). */
export const PLAN_CATALOGUES: Readonly<Record<Lang, Readonly<Record<PlanTextId, string>>>> = { en: planEn, ja: planJa };

const compiled = new Map<string, IntlMessageFormat>();

/** The plan text `id` in `lang`; a list parameter is joined the language's way, a missing one shows as `?`. */
export function planText(lang: Lang, id: PlanTextId, params: Readonly<Record<string, CliParam | boolean>> = {}): string {
  const key = `${lang}\u0000${id}`;
  let format = compiled.get(key);
  if (!format) {
    format = new IntlMessageFormat(PLAN_CATALOGUES[lang][id], lang, undefined, { ignoreTag: true });
    compiled.set(key, format);
  }
  const values: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(params)) {
    if (typeof v === 'boolean') values[name] = v ? 'yes' : 'no';
    else if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) values[name] = '?';
    else if (Array.isArray(v)) values[name] = v.join(lang === 'ja' ? '、' : ', ');
    else values[name] = v as string | number;
  }
  return String(format.format(values));
}

/** The short name of a step's target (Overlay / Cilium). */
export function targetName(lang: Lang, target: 'overlay' | 'cilium'): string {
  return cliText(lang, `plan.target.${target}`);
}

/** The name of a plan's goal (Azure CNI Overlay / Azure CNI Overlay + Cilium). */
export function goalName(lang: Lang, goal: 'overlay' | 'cilium'): string {
  return cliText(lang, `plan.goal.${goal}`);
}

/** One effect, prerequisite or note of a plan, in `lang`. */
export function planMessageText(lang: Lang, m: PlanMessage): string {
  const tables = (m.params as Record<string, unknown>).routeTables;
  const params = { ...m.params, count: Array.isArray(tables) ? tables.length : 1 } as Record<string, CliParam>;
  return cliText(lang, `plan.message.${m.id}`, params);
}
