// The manifest's bot command lists, generated from the bot's own command definitions so the
// commands Teams suggests are exactly the ones the parser understands (style.md 6).
import { COMMANDS, type CommandDefinition, type Intent } from '../bot/commands/definitions.ts';

/** Bot scopes NetPilot installs into (case-sensitive manifest values). */
export type BotScope = 'personal' | 'team' | 'groupChat';

/** One `bots[0].commandLists[]` entry of the manifest. */
export interface CommandList {
  scopes: BotScope[];
  commands: { title: string; description: string }[];
}

/** Language of the strings taken from the definitions. */
export type Language = 'en' | 'ja';

/** Scopes, in manifest order; one command list each. */
export const BOT_SCOPES: readonly BotScope[] = ['personal', 'team', 'groupChat'];

/** `commandLists[].commands` maxItems in the manifest schema (a test checks it against the schema). */
export const MAX_COMMANDS_PER_SCOPE = 12;

/** Command title limit Teams documents (stricter than the schema's 128). */
export const MAX_COMMAND_TITLE = 32;

/** Command description limit Teams documents (stricter than the schema's 4000). */
export const MAX_COMMAND_DESCRIPTION = 128;

/** Intents that make no sense in a scope: (un)subscribe and digest are about "this channel", so team only. */
const EXCLUDED: Readonly<Record<BotScope, readonly Intent[]>> = {
  personal: ['subscribe', 'unsubscribe', 'digest'],
  team: [],
  groupChat: ['subscribe', 'unsubscribe', 'digest'],
};

/** Most useful first: what is kept when a scope has more commands than the limit. */
export const COMMAND_PRIORITY: readonly Intent[] = [
  'preflight', 'upgrade', 'status', 'plan', 'help', 'readiness', 'list', 'history', 'cancel', 'subscribe', 'unsubscribe', 'digest', 'language',
];

/** The commands shown in `scope`: at most `limit`, the highest priority kept, in definition order. */
export function commandsForScope(
  scope: BotScope,
  commands: readonly CommandDefinition[] = COMMANDS,
  limit = MAX_COMMANDS_PER_SCOPE,
): CommandDefinition[] {
  const rank = (c: CommandDefinition) => {
    const i = COMMAND_PRIORITY.indexOf(c.intent);
    return i === -1 ? COMMAND_PRIORITY.length : i;
  };
  const eligible = commands.filter((c) => !EXCLUDED[scope].includes(c.intent));
  const kept = new Set([...eligible].sort((a, b) => rank(a) - rank(b)).slice(0, limit));
  return eligible.filter((c) => kept.has(c));
}

/** One command list per scope in `lang`; throws when a definition breaks a Teams length limit. */
export function buildCommandLists(
  lang: Language = 'en',
  commands: readonly CommandDefinition[] = COMMANDS,
  limit = MAX_COMMANDS_PER_SCOPE,
): CommandList[] {
  for (const c of commands) {
    const title = c.title[lang];
    const description = c.description[lang];
    if (title.length === 0 || title.length > MAX_COMMAND_TITLE) {
      throw new Error(`command "${c.intent}": ${lang} title must be 1-${MAX_COMMAND_TITLE} characters, got ${title.length}`);
    }
    if (description.length > MAX_COMMAND_DESCRIPTION) {
      throw new Error(`command "${c.intent}": ${lang} description must be at most ${MAX_COMMAND_DESCRIPTION} characters, got ${description.length}`);
    }
  }
  return BOT_SCOPES.map((scope) => ({
    scopes: [scope],
    commands: commandsForScope(scope, commands, limit).map((c) => ({ title: c.title[lang], description: c.description[lang] })),
  }));
}

/** Localisation-file keys (`bots[0].commandLists[i].commands[j].title|description`) for `lang`. */
export function commandListStrings(lang: Language, commands: readonly CommandDefinition[] = COMMANDS): Record<string, string> {
  const out: Record<string, string> = {};
  buildCommandLists(lang, commands).forEach((list, i) => {
    list.commands.forEach((command, j) => {
      out[`bots[0].commandLists[${i}].commands[${j}].title`] = command.title;
      out[`bots[0].commandLists[${i}].commands[${j}].description`] = command.description;
    });
  });
  return out;
}
