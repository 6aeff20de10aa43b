// The explicit command registry (style.md 5): a literal array, checked for duplicates and gaps.
import { cancelCommand } from './cancel.ts';
import { COMMANDS, type Intent } from './definitions.ts';
import { digestCommand } from './digest.ts';
import { withFailureReplies } from './failure-reply.ts';
import { helpCommand, unknownCommand } from './help.ts';
import { historyCommand } from './history.ts';
import { languageCommand } from './language.ts';
import { listCommand } from './list.ts';
import { planCommand } from './plan.ts';
import { preflightCommand } from './preflight.ts';
import { readinessCommand } from './readiness.ts';
import { statusCommand } from './status.ts';
import { subscribeCommand, unsubscribeCommand } from './subscribe.ts';
import type { CommandHandler } from './types.ts';
import { upgradeCommand } from './upgrade.ts';

/** Every command handler, one per intent, plus the handler of unknown input. */
export const COMMAND_HANDLERS: readonly CommandHandler[] = [
  helpCommand,
  preflightCommand,
  upgradeCommand,
  statusCommand,
  listCommand,
  historyCommand,
  cancelCommand,
  subscribeCommand,
  unsubscribeCommand,
  languageCommand,
  readinessCommand,
  digestCommand,
  planCommand,
  unknownCommand,
];

/** Handlers by intent (each answers user-facing errors itself); throws when an intent has two handlers or none. */
export function buildCommandRegistry(handlers: readonly CommandHandler[]): ReadonlyMap<Intent | 'unknown', CommandHandler> {
  const map = new Map<Intent | 'unknown', CommandHandler>();
  for (const h of handlers) {
    if (map.has(h.intent)) throw new Error(`duplicate command handler for intent "${h.intent}"`);
    map.set(h.intent, withFailureReplies(h));
  }
  const missing = [...COMMANDS.map((c) => c.intent), 'unknown' as const].filter((i) => !map.has(i));
  if (missing.length > 0) throw new Error(`no command handler for: ${missing.join(', ')}`);
  return map;
}
