// The Teams activity handler: message -> parser -> command handler -> reply in the same thread;
// adaptiveCard/action -> the verb's handler. Every activity passes the gate first (production rules:
// msteams only; ALLOWED_TENANTS): a refused one is answered (or dropped) and nothing of it is stored.
// Remembers the reference of every admitted conversation.
import {
  ActivityTypes,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import { APPROVAL_VERBS } from '../cards/approval-card.ts';
import { toAttachment, type AdaptiveCard } from '../cards/types.ts';
import { approvalMessages } from './i18n/approval.ts';
import type { ConversationInfo, CommandHandler, Reply, UserInfo } from './commands/types.ts';
import { turnBackground } from './proactive/turn-background.ts';
import { ACTION_HANDLERS, buildActionRegistry } from './actions/registry.ts';
import { createPendingChoices, type PendingChoices } from './actions/pending-choices.ts';
import type { ActionHandler } from './actions/types.ts';
import { clearLanguage, parseCommand } from './commands/parser.ts';
import { pinnedLocale } from './commands/language.ts';
import { withPermissions } from './commands/permissions.ts';
import { buildCommandRegistry, COMMAND_HANDLERS } from './commands/registry.ts';
import { messages, replyLocale, type Locale } from './i18n/index.ts';
import { markTurn } from '../services/telemetry/turn.ts';
import { newCorrelationId, type Logger } from './logger.ts';
import type { BotServices, TeamsUser } from './ports.ts';

/** What the bot is built from; command and action lists default to the registries. */
export interface NetPilotBotOptions {
  services: BotServices;
  logger: Logger;
  choices?: PendingChoices;
  commands?: readonly CommandHandler[];
  actions?: readonly ActionHandler[];
  /** How often the typing indicator is repeated while a slow command runs. */
  typingIntervalMs?: number;
  /** `MicrosoftAppId` ('' when inbound auth is off): the identity of posts made after a turn. */
  appId?: string;
}



/** Where a conversation lives: channel threads keep their thread id, the channel id is derived. */
export function conversationInfo(activity: Partial<Activity>): ConversationInfo {
  const id = activity.conversation?.id ?? '';
  const type = activity.conversation?.conversationType;
  const channelData = (activity.channelData ?? {}) as { channel?: { id?: unknown } };
  const channelId = typeof channelData.channel?.id === 'string' ? channelData.channel.id : undefined;
  const isChannel = type === 'channel' || channelId !== undefined;
  return { id, type, isChannel, channelConversationId: isChannel ? (channelId ?? id.split(';')[0]) : undefined };
}

function tenantOf(activity: Partial<Activity>): string | undefined {
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: unknown } };
  const fromChannel = typeof channelData.tenant?.id === 'string' ? channelData.tenant.id : undefined;
  const fromConversation = activity.conversation?.tenantId;
  return typeof fromConversation === 'string' && fromConversation ? fromConversation : fromChannel;
}

function userInfo(activity: Partial<Activity>): UserInfo {
  const tenantId = tenantOf(activity);
  const user: TeamsUser = { id: activity.from?.id ?? '', aadObjectId: activity.from?.aadObjectId, name: activity.from?.name,
    ...(tenantId ? { tenantId } : {}) };
  return user;
}

/** True when `ALLOWED_TENANTS` is empty or lists the activity's tenant. */
export function tenantAllowed(activity: Partial<Activity>, allowed: readonly string[] | undefined): boolean {
  if (!allowed || allowed.length === 0) return true;
  const tenant = tenantOf(activity)?.toLowerCase();
  return tenant !== undefined && allowed.some((t) => t.toLowerCase() === tenant);
}

/** The Bot Framework channel of Microsoft Teams: the only one served under production rules. */
export const TEAMS_CHANNEL_ID = 'msteams';

/** Whether an activity may be served: `ok`, or why not (checked before anything is stored). */
export type Admission = 'ok' | 'wrong-channel' | 'wrong-tenant';

/** The gate every activity passes first: the channel (production rules: msteams only), then the tenant. */
export function admission(activity: Partial<Activity>, services: Pick<BotServices, 'productionRules' | 'allowedTenants'>): Admission {
  if (services.productionRules && activity.channelId !== TEAMS_CHANNEL_ID) return 'wrong-channel';
  if (!tenantAllowed(activity, services.allowedTenants)) return 'wrong-tenant';
  return 'ok';
}

/** Verbs whose answer is for the clicker only (approval cards are replaced for everyone by the desk). */
const CLICKER_ONLY_VERBS: ReadonlySet<string> = new Set(Object.values(APPROVAL_VERBS));

/** The reply as one message activity: text above the card. */
export function replyActivity(reply: Reply): Partial<Activity> {
  const activity: Partial<Activity> = { type: ActivityTypes.Message };
  if (reply.text) activity.text = reply.text;
  if (reply.card) activity.attachments = [toAttachment(reply.card)];
  return activity;
}

/** An Action.Execute answer that shows a text message (the Universal Actions wire format). */
function messageResponse(text: string): AdaptiveCardInvokeResponse {
  // botbuilder types `value` as an object, but the message response's value is a string on the wire.
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as unknown as Record<string, unknown> };
}

/** An Action.Execute answer that shows a card to the clicker. */
function cardResponse(card: AdaptiveCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
}

/** NetPilot's TeamsActivityHandler. */
/** A conversation reference unchanged since it was stored is written again only after this long. */
const REMEMBER_AGAIN_AFTER_MS = 60_000;

export class NetPilotBot extends TeamsActivityHandler {
  private readonly services: BotServices;
  private readonly logger: Logger;
  private readonly choices: PendingChoices;
  private readonly commands: ReturnType<typeof buildCommandRegistry>;
  private readonly actions: ReadonlyMap<string, ActionHandler>;
  private readonly typingIntervalMs: number;
  private readonly appId: string;
  /** Work handlers left running after their turn (`CommandContext.background`). */
  private readonly backgroundWork = new Set<Promise<void>>();
  /** What `remember` last stored per conversation (reference without the activity id) and when. */
  private readonly remembered = new Map<string, { stored: string; at: number }>();

  constructor(options: NetPilotBotOptions) {
    super();
    this.services = options.services;
    this.logger = options.logger;
    this.choices = options.choices ?? createPendingChoices();
    this.commands = buildCommandRegistry(withPermissions(options.commands ?? COMMAND_HANDLERS));
    this.actions = buildActionRegistry(options.actions ?? ACTION_HANDLERS);
    this.typingIntervalMs = options.typingIntervalMs ?? 3000;
    this.appId = options.appId ?? '';
  }

  /**
   * Every activity passes the gate first (a refused one is answered or dropped, nothing stored), then
   * its conversation is remembered. A message goes straight to `handleMessage`: botbuilder's event
   * emitter (onTurn/onMessage/onDialog handler lists, a dozen nested async steps) cost a `help` turn
   * more than the rest of its own work, and NetPilot registers no such handlers (one added with
   * `onMessage` would not run: extend `handleMessage` instead). Every other type takes botbuilder's
   * dispatch (card actions: `onAdaptiveCardInvoke`).
   */
  protected override async onTurnActivity(context: TurnContext): Promise<void> {
    const a = context.activity;
    this.logger.debug({ type: a.type, name: a.name, conversationId: a.conversation?.id, activityId: a.id }, 'activity');
    const admitted = admission(a, this.services);
    if (admitted !== 'ok') {
      await this.refuse(context, admitted);
      return;
    }
    this.remember(a);
    if (a.type === ActivityTypes.Message) await this.handleMessage(context);
    else await super.onTurnActivity(context);
  }

  /** Answers an activity the gate refused, storing nothing: another tenant is told so (a message gets
   * text, a card action a card); another channel is not served at all (an invoke gets 403). */
  private async refuse(context: TurnContext, why: Exclude<Admission, 'ok'>): Promise<void> {
    const a = context.activity;
    const isCardAction = a.type === ActivityTypes.Invoke && a.name === 'adaptiveCard/action';
    if (why === 'wrong-channel') {
      this.logger.warn({ channelId: a.channelId, type: a.type, conversationId: a.conversation?.id }, 'activity from a channel other than msteams refused (production rules)');
      if (a.type === ActivityTypes.Invoke) await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403 } });
      return;
    }
    this.logger.warn({ tenant: tenantOf(a), type: a.type, conversationId: a.conversation?.id }, 'activity from a tenant not allowed');
    const text = typeof a.text === 'string' ? a.text : '';
    const locale = replyLocale(clearLanguage(text), a.locale);
    const m = approvalMessages(locale);
    if (a.type === ActivityTypes.Message) {
      await context.sendActivity({ type: ActivityTypes.Message, text: m.tenantNotAllowed });
    } else if (isCardAction) {
      const card = this.services.cards.error({ title: m.invalidActionTitle, message: m.tenantNotAllowed, locale });
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: cardResponse(card) } });
    } else if (a.type === ActivityTypes.Invoke) {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403 } });
    }
  }

  /** Stores the conversation reference (and, in a channel thread, the channel's own). Never throws. */
  private remember(activity: Activity): void {
    try {
      if (!activity.conversation?.id || !activity.serviceUrl) return;
      const info = conversationInfo(activity);
      const live = TurnContext.getConversationReference(activity) as Record<string, unknown>;
      const tenantId = tenantOf(activity);
      // The same conversation again within a minute: nothing a proactive message needs has changed, so
      // no synchronous store write (nor copy of the reference) on every turn (only the activity id would differ).
      const { activityId: _activity, ...stable } = live;
      const stored = JSON.stringify([activity.channelId, activity.serviceUrl, tenantId, info.type, info.isChannel, stable]);
      const last = this.remembered.get(info.id);
      const now = Date.now();
      if (last && last.stored === stored && now - last.at < REMEMBER_AGAIN_AFTER_MS) return;
      const reference = JSON.parse(JSON.stringify(live)) as Record<string, unknown>;
      const base = {
        channelId: activity.channelId,
        serviceUrl: activity.serviceUrl,
        tenantId,
        conversationType: info.type,
        isChannel: info.isChannel,
        updatedAt: new Date(now).toISOString(),
      };
      if (this.remembered.size >= 10_000) this.remembered.clear();
      this.services.conversations.remember({ ...base, conversationId: info.id, reference });
      this.remembered.set(info.id, { stored, at: now });
      if (info.channelConversationId && info.channelConversationId !== info.id) {
        const conversation = { ...(reference.conversation as Record<string, unknown>), id: info.channelConversationId };
        const { activityId: _threadActivity, ...rest } = reference;
        const channelRef = { ...rest, conversation };
        this.services.conversations.remember({ ...base, conversationId: info.channelConversationId, reference: channelRef });
      }
    } catch (err) {
      this.logger.warn({ err, conversationId: activity.conversation?.id }, 'could not remember the conversation reference');
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const text = activity.recipient?.id ? TurnContext.removeRecipientMention(activity) ?? activity.text ?? '' : activity.text ?? '';
    const command = parseCommand(text);
    const locale = replyLocale(clearLanguage(text), activity.locale, pinnedLocale(this.services.settings, userInfo(activity)));
    const handler = this.commands.get(command.intent);
    if (!handler) throw new Error(`no handler for intent ${command.intent}`);
    markTurn({ command: command.intent, activityType: 'message', channelId: activity.channelId,
      conversationType: activity.conversation?.conversationType, locale });
    this.logger.info(
      { intent: command.intent, conversationId: activity.conversation?.id, activityId: activity.id, locale },
      'command',
    );
    const stopTyping = handler.slow ? this.startTyping(context) : () => undefined;
    let reply: Reply;
    try {
      reply = await handler.handle({
        command,
        text,
        locale,
        services: this.services,
        conversation: conversationInfo(activity),
        user: userInfo(activity),
        choices: this.choices,
        background: turnBackground(context, { appId: this.appId, logger: this.logger, running: this.backgroundWork }),
      });
    } finally {
      stopTyping();
    }
    if (!reply.text && !reply.card) return;
    await context.sendActivity(replyActivity(reply));
  }

  /** Resolves when every piece of background work started so far has ended (shutdown, tests). */
  async backgroundIdle(): Promise<void> {
    while (this.backgroundWork.size > 0) await Promise.allSettled([...this.backgroundWork]);
  }

  /** Sends a typing indicator now and again every interval until the returned function is called. */
  private startTyping(context: TurnContext): () => void {
    const send = (): void => {
      context.sendActivity({ type: ActivityTypes.Typing }).catch((err: unknown) => {
        this.logger.debug({ err }, 'typing indicator failed');
      });
    };
    send();
    const timer = setInterval(send, this.typingIntervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const activity = context.activity;
    const locale: Locale = replyLocale(undefined, activity.locale, pinnedLocale(this.services.settings, userInfo(activity)));
    const verb = invokeValue?.action?.verb;
    const handler = typeof verb === 'string' ? this.actions.get(verb) : undefined;
    // Only a registered verb names the span: anything else is arbitrary input.
    markTurn({ verb: handler ? handler.verb : 'unknown', activityType: 'invoke', channelId: activity.channelId,
      conversationType: activity.conversation?.conversationType, locale });
    this.logger.info({ verb, conversationId: activity.conversation?.id, activityId: activity.id }, 'card action');
    if (!handler) {
      const m = messages(locale);
      return cardResponse(this.services.cards.error({ title: approvalMessages(locale).invalidActionTitle, message: m.actionUnknown, locale }));
    }
    let reply: Reply;
    try {
      reply = await handler.handle({
        data: invokeValue.action.data,
        ...(typeof activity.localTimezone === 'string' ? { timeZone: activity.localTimezone } : {}),
        commands: this.commands,
        locale,
        services: this.services,
        conversation: conversationInfo(activity),
        user: userInfo(activity),
        choices: this.choices,
      });
    } catch (err) {
      const correlationId = newCorrelationId();
      this.logger.error({ correlationId, verb, err }, 'card action failed');
      const m = messages(locale);
      return cardResponse(this.services.cards.error({ title: m.errorTitle, message: m.turnError(correlationId), correlationId, locale }));
    }
    if (reply.card) {
      if (reply.text) await context.sendActivity({ type: ActivityTypes.Message, text: reply.text });
      if (activity.replyToId && !CLICKER_ONLY_VERBS.has(handler.verb)) {
        await context
          .updateActivity({ ...replyActivity({ card: reply.card }), id: activity.replyToId })
          .catch((err: unknown) => this.logger.warn({ err }, 'could not replace the clicked card for everyone'));
      }
      return cardResponse(reply.card);
    }
    return messageResponse(reply.text ?? '');
  }
}
