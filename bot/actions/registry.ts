// The explicit Action.Execute verb registry (style.md 5): a literal array with a duplicate check.
import { approveAction } from './approve.ts';
import { chooseClusterAction } from './choose-cluster.ts';
import { readinessPageAction } from './readiness-page.ts';
import { refreshAction } from './refresh.ts';
import { rejectAction } from './reject.ts';
import { requestPlanStepAction } from './request-plan-step.ts';
import type { ActionHandler } from './types.ts';

/** Every Action.Execute verb the bot answers. */
export const ACTION_HANDLERS: readonly ActionHandler[] = [chooseClusterAction, approveAction, rejectAction, refreshAction, readinessPageAction, requestPlanStepAction];

/** Handlers by verb; throws when two handlers share a verb. */
export function buildActionRegistry(handlers: readonly ActionHandler[]): ReadonlyMap<string, ActionHandler> {
  const map = new Map<string, ActionHandler>();
  for (const h of handlers) {
    if (map.has(h.verb)) throw new Error(`duplicate Action.Execute verb "${h.verb}"`);
    map.set(h.verb, h);
  }
  return map;
}
