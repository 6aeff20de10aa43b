import { describe, expect, it } from 'vitest';
import { COMMANDS, type CommandDefinition, type Intent } from '../../bot/commands/definitions.ts';
import { parseCommand } from '../../bot/commands/parser.ts';
import {
  BOT_SCOPES, COMMAND_PRIORITY, MAX_COMMANDS_PER_SCOPE, buildCommandLists, commandListStrings, commandsForScope,
} from '../../manifest/command-lists.ts';
import { MANIFEST_VERSION } from '../../manifest/build-manifest.ts';
import { readSchema } from './schemas.ts';

interface CommandListsSchema {
  maxItems: number;
  items: { properties: { commands: { maxItems: number; items: { properties: { title: { maxLength: number }; description: { maxLength: number } } } } } };
}

const commandListsSchema = (): CommandListsSchema => {
  const schema = readSchema(MANIFEST_VERSION, 'MicrosoftTeams.schema.json') as {
    properties: { bots: { items: { properties: { commandLists: CommandListsSchema } } } };
  };
  return schema.properties.bots.items.properties.commandLists;
};

const fake = (intent: string, n: number): CommandDefinition => ({
  ...COMMANDS[0], // any other fields a definition carries
  intent: intent as Intent, // synthetic intents to exceed the limit
  title: { en: `cmd${n}`, ja: `コマンド${n}` },
  description: { en: `does ${n}`, ja: `${n} をします` },
  examples: { en: [`cmd${n}`], ja: [] },
  sideEffects: false,
});

describe('command lists', () => {
  it('respect the schema limits (lists, commands per scope, title and description lengths)', () => {
    const schema = commandListsSchema();
    expect(MAX_COMMANDS_PER_SCOPE).toBe(schema.items.properties.commands.maxItems);
    for (const lang of ['en', 'ja'] as const) {
      const lists = buildCommandLists(lang);
      expect(lists.length).toBeLessThanOrEqual(schema.maxItems);
      for (const list of lists) {
        expect(list.commands.length).toBeGreaterThan(0);
        expect(list.commands.length).toBeLessThanOrEqual(MAX_COMMANDS_PER_SCOPE);
        for (const c of list.commands) {
          expect(c.title.length).toBeLessThanOrEqual(32); // Teams' documented limit, under the schema's
          expect(c.title.length).toBeLessThanOrEqual(schema.items.properties.commands.items.properties.title.maxLength);
          expect(c.description.length).toBeLessThanOrEqual(128);
        }
      }
    }
  });

  it('are exactly the bot command definitions (titles and descriptions), one list per scope', () => {
    const lists = buildCommandLists('en');
    expect(lists.map((l) => l.scopes)).toEqual(BOT_SCOPES.map((s) => [s]));
    const team = lists.find((l) => l.scopes[0] === 'team')!;
    // Every definition is offered in a team unless the Teams limit forces the lowest-priority ones out.
    expect(team.commands).toHaveLength(Math.min(MAX_COMMANDS_PER_SCOPE, COMMANDS.length));
    const offered = new Set(team.commands.map((c) => c.title));
    const rank = (intent: string) => COMMAND_PRIORITY.indexOf(intent as (typeof COMMAND_PRIORITY)[number]);
    const kept = COMMANDS.filter((c) => offered.has(c.title.en));
    const dropped = COMMANDS.filter((c) => !offered.has(c.title.en));
    for (const d of dropped) for (const k of kept) expect(rank(d.intent)).toBeGreaterThan(rank(k.intent));
    expect(team.commands).toEqual(kept.map((c) => ({ title: c.title.en, description: c.description.en })));
    for (const list of lists) {
      for (const command of list.commands) {
        const def = COMMANDS.find((c) => c.title.en === command.title);
        expect(def?.description.en).toBe(command.description);
      }
    }
  });

  it('offer channel subscription only in teams', () => {
    const titles = (scope: string) => buildCommandLists('en').find((l) => l.scopes[0] === scope)!.commands.map((c) => c.title);
    expect(titles('team')).toEqual(expect.arrayContaining(['subscribe', 'unsubscribe']));
    for (const scope of ['personal', 'groupChat']) {
      expect(titles(scope)).not.toContain('subscribe');
      expect(titles(scope)).toEqual(expect.arrayContaining(['check', 'upgrade', 'status', 'help']));
    }
  });

  it('insert titles the bot understands (Teams puts the title in the compose box)', () => {
    for (const lang of ['en', 'ja'] as const) {
      for (const list of buildCommandLists(lang)) {
        for (const command of list.commands) {
          const def = COMMANDS.find((c) => c.title[lang] === command.title)!;
          expect(parseCommand(command.title), `${lang} ${command.title}`).toMatchObject({ intent: def.intent });
        }
      }
    }
  });

  it('rank every defined intent', () => {
    expect([...COMMAND_PRIORITY].sort()).toEqual(COMMANDS.map((c) => c.intent).sort());
  });

  it('keep the most useful commands, in definition order, when a scope has too many', () => {
    const many = [fake('zzz-a', 1), ...COMMANDS, fake('zzz-b', 2), fake('zzz-c', 3), fake('zzz-d', 4), fake('zzz-e', 5)];
    const limit = COMMANDS.length + 2;
    const kept = commandsForScope('team', many, limit).map((c) => c.intent as string);
    expect(kept).toHaveLength(limit);
    const room = limit - COMMANDS.length;
    expect(room).toBeGreaterThan(0);
    expect(kept.filter((i) => i.startsWith('zzz-'))).toEqual(['zzz-a', 'zzz-b', 'zzz-c', 'zzz-d', 'zzz-e'].slice(0, room));
    expect(kept.slice(1, 1 + COMMANDS.length)).toEqual(COMMANDS.map((c) => c.intent));
    const few = commandsForScope('team', COMMANDS, 3).map((c) => c.intent);
    expect(few).toEqual(['preflight', 'upgrade', 'status']);
    const lists = buildCommandLists('en', many);
    for (const list of lists) expect(list.commands.length).toBeLessThanOrEqual(12);
  });

  it('refuse a definition that breaks a Teams length limit', () => {
    const long = { ...fake('zzz', 1), title: { en: 'x'.repeat(33), ja: 'x' } };
    expect(() => buildCommandLists('en', [long])).toThrow(/zzz.*title must be 1-32/);
    const longJa = { ...fake('zzz', 1), description: { en: 'ok', ja: 'あ'.repeat(129) } };
    expect(() => buildCommandLists('ja', [longJa])).toThrow(/description must be at most 128/);
    expect(() => buildCommandLists('en', [longJa])).not.toThrow();
  });

  it('localisation keys address the same positions as the English lists', () => {
    const en = buildCommandLists('en');
    const ja = commandListStrings('ja');
    en.forEach((list, i) => list.commands.forEach((command, j) => {
      const def = COMMANDS.find((c) => c.title.en === command.title)!;
      expect(ja[`bots[0].commandLists[${i}].commands[${j}].title`]).toBe(def.title.ja);
    }));
  });
});
