// The explicit Action.Execute verb registry (style.md 5): a literal array with a duplicate check.
import { chooseClusterAction } from './choose-cluster.ts';
import type { ActionHandler } from './types.ts';

/** Every Action.Execute verb the bot answers (approve, reject and refresh join later). */
export const ACTION_HANDLERS: readonly ActionHandler[] = [chooseClusterAction];

/** Handlers by verb; throws when two handlers share a verb. */
export function buildActionRegistry(handlers: readonly ActionHandler[]): ReadonlyMap<string, ActionHandler> {
  const map = new Map<string, ActionHandler>();
  for (const h of handlers) {
    if (map.has(h.verb)) throw new Error(`duplicate Action.Execute verb "${h.verb}"`);
    map.set(h.verb, h);
  }
  return map;
}
