// Every intent has a permission, and the guarded registry is what both a message and a card that
// continues a command (choose-a-cluster) run: a reader-only command refuses a non-viewer either way.
import { describe, expect, it } from 'vitest';
import { chooseClusterAction } from '../../../bot/actions/choose-cluster.ts';
import { requestPlanStepAction } from '../../../bot/actions/request-plan-step.ts';
import { createPendingChoices } from '../../../bot/actions/pending-choices.ts';
import { CARD_KIT } from '../../../bot/card-kit.ts';
import { COMMANDS } from '../../../bot/commands/definitions.ts';
import { parseCommand } from '../../../bot/commands/parser.ts';
import { COMMAND_PERMISSIONS, withPermissions } from '../../../bot/commands/permissions.ts';
import { readinessPageAction } from '../../../bot/actions/readiness-page.ts';
import { buildCommandRegistry, COMMAND_HANDLERS } from '../../../bot/commands/registry.ts';
import type { CommandHandler } from '../../../bot/commands/types.ts';
import type { AccessPort, BotServices } from '../../../bot/ports.ts';

const NO = { ok: false as const, reply: { text: 'not a viewer' } };
const access = (read: boolean, manage: boolean): AccessPort => ({
  mayRead: () => (read ? { ok: true } : NO),
  mayManageChannels: () => (manage ? { ok: true } : { ok: false, reply: { text: 'not an approver' } }),
});

function services(port: AccessPort | undefined, ran: string[]): BotServices {
  const ref = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c', subscriptionId: 's', resourceGroup: 'rg', name: 'c' };
  return {
    directory: {
      list: async () => { ran.push('list'); return []; },
      resolve: async () => { ran.push('resolve'); return { kind: 'found' as const, ref }; },
      snapshot: async () => { ran.push('snapshot'); throw new Error('not in this test'); },
    } as unknown as BotServices['directory'],
    runPreflight: () => { throw new Error('not in this test'); },
    conversations: { remember: () => undefined, get: () => undefined, subscribe: () => { ran.push('subscribe'); }, unsubscribe: () => false, listSubscribed: () => [] },
    cards: CARD_KIT,
    ...(port ? { access: port } : {}),
  };
}

const user = { id: '29:u', aadObjectId: 'oid-u', name: 'U' };
const channel = { id: '19:c@thread.tacv2;messageid=1', isChannel: true, channelConversationId: '19:c@thread.tacv2', type: 'channel' };

describe('command permissions', () => {
  it('every intent (and unknown text) has a permission', () => {
    expect(Object.keys(COMMAND_PERMISSIONS).sort()).toEqual([...COMMANDS.map((c) => c.intent), 'unknown'].sort());
    expect(COMMAND_PERMISSIONS.preflight).toBe('read');
    expect(COMMAND_PERMISSIONS.subscribe).toBe('manage-channels');
    expect(COMMAND_PERMISSIONS.unsubscribe).toBe('manage-channels');
    expect(COMMAND_PERMISSIONS.readiness).toBe('read');
    expect(COMMAND_PERMISSIONS.digest).toBe('manage-channels');
    expect(COMMAND_PERMISSIONS.plan).toBe('read');
  });

  it('a plan card\'s "request this step" by a non-viewer is refused before the plan is read', async () => {
    const ran: string[] = [];
    const plans = { requestStep: async () => { ran.push('requestStep'); return {}; } } as unknown as NonNullable<BotServices['plans']>;
    const reply = await requestPlanStepAction.handle({
      data: { stepId: 'p1.1' }, commands: registry, locale: 'en', services: { ...services(access(false, true), ran), plans }, conversation: channel, user,
      choices: createPendingChoices(),
    });
    expect(reply).toEqual(NO.reply);
    expect(ran).toEqual([]);
  });

  const registry = buildCommandRegistry(withPermissions(COMMAND_HANDLERS));
  const run = async (text: string, port: AccessPort) => {
    const ran: string[] = [];
    const command = parseCommand(text);
    const handler = registry.get(command.intent) as CommandHandler;
    const reply = await handler.handle({ command, text, locale: 'en', services: services(port, ran), conversation: channel, user, choices: createPendingChoices() });
    return { reply, ran };
  };

  for (const text of ['check c', 'list clusters', 'status', 'history c', 'readiness', 'plan c to cilium']) {
    it(`"${text}" by a non-viewer is refused before anything is read`, async () => {
      const { reply, ran } = await run(text, access(false, true));
      expect(reply).toEqual(NO.reply);
      expect(ran).toEqual([]);
    });
  }

  it('subscribe by a non-approver is refused; by an approver it subscribes', async () => {
    const no = await run('notify this channel', access(true, false));
    expect(no.reply.text).toBe('not an approver');
    expect(no.ran).toEqual([]);
    const yes = await run('notify this channel', access(true, true));
    expect(yes.ran).toEqual(['subscribe']);
  });

  it('digest on by a non-approver is refused before the store is touched', async () => {
    const no = await run('digest on', access(true, false));
    expect(no.reply.text).toBe('not an approver');
  });

  it('a readiness page button is refused to a non-viewer', async () => {
    const reply = await readinessPageAction.handle({
      data: { token: 't' }, commands: registry, locale: 'en', services: services(access(false, true), []), conversation: channel, user, choices: createPendingChoices(),
    });
    expect(reply).toEqual(NO.reply);
  });

  it('help is for everyone', async () => {
    const { reply } = await run('help', access(false, false));
    expect(reply.card).toBeDefined();
  });

  it('a choose-a-cluster card runs the guarded handler: a non-viewer is refused', async () => {
    const ran: string[] = [];
    const choices = createPendingChoices();
    const token = await choices.put({ ref: { subscriptionId: 's', resourceGroup: 'rg', name: 'c', id: 'x' }, originalText: 'check c', conversationId: channel.id });
    const reply = await chooseClusterAction.handle({
      data: { choice: token }, commands: registry, locale: 'en', services: services(access(false, true), ran), conversation: channel, user, choices,
    });
    expect(reply).toEqual(NO.reply);
    expect(ran).toEqual([]);
  });
});
