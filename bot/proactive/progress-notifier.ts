// The Teams implementation of services' ProgressNotifier: one progress card per operation posted
// into the request's thread and updated in place (coalesced per thread), a message per finished
// pool, a stall notice, and one final message, plus start/end notices to subscribed channels.
// Everything posted is claimed in store.milestones before the post (an insert only one sender wins)
// and marked done with its activity id after, so concurrent senders (two watchers, two notifiers, a
// repeated call) post each milestone and the progress card once, and a restart updates the same
// card. A claim left by a process that died before confirming is posted again after a restart.
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { ProgressState } from '../../cards/progress-card.ts';
import { toAttachment, type AdaptiveCard } from '../../cards/types.ts';
import type { MigrationOutcome, OperationInfo, PoolProgress, ProgressNotifier, ProgressSnapshot } from '../../services/migration/types.ts';
import type { Store, StoredConversation } from '../../services/store/types.ts';
import { asLocale, messages, type Locale } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import {
  PROGRESS_CARDS, emptySnapshot, finalMessage, poolFinishedText, progressCard, stallText, withPoolFinished, type ProgressCards,
} from './render.ts';
import type { HealthPoster } from './health-post.ts';
import { parseThreadInfo, postReference, threadDeepLink, type ThreadInfo } from './thread.ts';
import { withTeamsRetry, type TeamsRetryOptions } from './teams-retry.ts';

/** What the notifier needs; everything but adapter, appId, store and logger has a default. */
export interface ProgressNotifierDeps {
  adapter: Pick<CloudAdapter, 'continueConversationAsync'>;
  /** `MicrosoftAppId`, or '' when inbound auth is off (demo). */
  appId: string;
  store: Store;
  logger: Logger;
  cards?: ProgressCards;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** At most one card update per thread per this many seconds (default 10). */
  coalesceSeconds?: number;
  /** Retry tuning of each Teams call (default: 5 attempts, 1 s base, 30 s cap). */
  retry?: Pick<TeamsRetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>;
  /** Posts the health summary after a step (bot/proactive/health-post.ts); absent: none. */
  health?: HealthPoster;
}

/** A ProgressNotifier that can flush its coalesced card updates (shutdown, tests). */
export type TeamsProgressNotifier = ProgressNotifier & {
  /** Sends every pending card update now and waits for all Teams calls in flight. */
  flush(): Promise<void>;
};

/** Milestone key of the progress card (its activity id is the card to update). */
export const CARD_KEY = 'card';

interface OpState {
  info: OperationInfo;
  thread?: ThreadInfo;
  latest?: ProgressSnapshot;
  /** Bumped on every new snapshot; `sent` is the version last shown on the card. */
  version: number;
  sent: number;
  ended: boolean;
  /** Serialises every Teams call of this operation. */
  chain: Promise<void>;
}

interface Gate {
  nextAt: number;
  timer?: ReturnType<typeof setTimeout>;
  queue: string[];
}

/** Builds the Teams ProgressNotifier (constructible from what bot/start.ts has: adapter, config, store, logger). */
export function createProgressNotifier(deps: ProgressNotifierDeps): TeamsProgressNotifier {
  const cards = deps.cards ?? PROGRESS_CARDS;
  const now = deps.clock ?? (() => new Date());
  const coalesceMs = Math.max(0, (deps.coalesceSeconds ?? 10) * 1000);
  const { store, logger } = deps;
  const ops = new Map<string, OpState>();
  const gates = new Map<string, Gate>();
  const inflight = new Set<Promise<void>>();
  /** Posts this notifier claimed (`operationId|key`); with `bornAt`, tells an own retry or a dead
   * process's claim (post again) from a claim another live sender is posting now (leave it). */
  const mine = new Set<string>();
  const bornAt = Date.now();
  /** Posts of this process in flight (`operationId|key`), released when the post ends either way. */
  const posting = new Set<string>();
  /** Operations this notifier adopted from another watcher (instance takeover), with when. */
  const adoptedAt = new Map<string, number>();

  /** Claims a post: `post` when this sender must post it, `done` when it was posted, `busy` when
   * another sender claimed it and is posting it now. */
  const claimPost = (operationId: string, key: string): 'post' | 'done' | 'busy' => {
    const id = `${operationId}|${key}`;
    // This process is posting it right now (two deliveries of one milestone in one process).
    if (posting.has(id)) return 'busy';
    const existing = store.milestones.get(operationId, key);
    if (existing?.state === 'done' || existing?.activityId) return 'done';
    if (existing) {
      if (!mine.has(id) && Date.parse(existing.at) > Math.max(bornAt, adoptedAt.get(operationId) ?? 0)) return 'busy';
      logger.warn({ operationId, key }, 'a post was claimed but not confirmed before: posting it again');
    } else if (!store.milestones.claim(operationId, key, { at: now().toISOString() })) {
      return store.milestones.get(operationId, key)?.state === 'done' ? 'done' : 'busy';
    }
    mine.add(id);
    posting.add(id);
    return 'post';
  };
  const released = (operationId: string, key: string): void => {
    posting.delete(`${operationId}|${key}`);
  };

  const track = (p: Promise<void>): void => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };

  /** One Teams call in a conversation, retried; errors thrown by `logic` come back to the caller. */
  const teams = async <T>(reference: Record<string, unknown>, what: string, logic: (ctx: TurnContext) => Promise<T>): Promise<T> =>
    withTeamsRetry(async () => {
      let result: { ok: true; value: T } | { ok: false; err: unknown } | undefined;
      await deps.adapter.continueConversationAsync(deps.appId, reference as Partial<ConversationReference>, async (ctx) => {
        try {
          result = { ok: true, value: await logic(ctx) };
        } catch (err) {
          result = { ok: false, err };
        }
      });
      if (!result) throw new Error(`${what}: the turn did not run`);
      if (!result.ok) throw result.err;
      return result.value;
    }, {
      ...deps.retry,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.random ? { random: deps.random } : {}),
      onRetry: (r) => logger.warn({ what, attempt: r.attempt, status: r.failure.status, waitMs: r.delayMs }, 'Teams call throttled or failed; retrying'),
    });

  const stateOf = (op: OperationInfo): OpState => {
    let st = ops.get(op.operationId);
    if (!st) {
      const parsed = parseThreadInfo(op.thread);
      const reference = parsed ? postReference(parsed) : undefined;
      const thread = parsed && reference ? { ...parsed, reference, conversationId: String((reference.conversation as { id?: unknown }).id ?? parsed.conversationId) } : undefined;
      if (!thread) logger.warn({ operationId: op.operationId, requestId: op.requestId }, 'request has no thread: progress goes to subscribed channels only');
      st = { info: op, thread, version: 0, sent: 0, ended: false, chain: Promise.resolve() };
      ops.set(op.operationId, st);
    }
    st.info = op;
    return st;
  };

  /** Runs `fn` after every earlier Teams call of the operation; the returned promise carries its result. */
  const serial = <T>(st: OpState, fn: () => Promise<T>): Promise<T> => {
    const run = st.chain.then(fn);
    st.chain = run.then(() => undefined, () => undefined);
    track(st.chain);
    return run;
  };

  /** The requester's pinned language (`language ja`, store.settings under their Entra object id or chat id), read at each post. */
  const requesterPin = (op: OperationInfo): Locale | undefined => {
    try {
      const requester = store.requests.get(op.requestId)?.requester;
      if (!requester) return undefined;
      for (const id of [requester.id, ...(requester.aliases ?? [])]) {
        for (const key of [`aad:${id.toLowerCase()}`, `id:${id}`]) {
          const pinned = asLocale(store.settings.get(key, 'language'));
          if (pinned) return pinned;
        }
      }
    } catch (err) {
      logger.warn({ err, operationId: op.operationId }, 'could not read the requester\'s language; using the thread\'s');
    }
    return undefined;
  };

  /** The language of everything posted for an operation: the requester's pin, else the thread's (the conversation's locale at request time). */
  const locale = (st: OpState): Locale => requesterPin(st.info) ?? st.thread?.locale ?? 'en';

  /** Posts a message once per milestone key: claimed before, done with its activity id after. */
  const postOnce = async (operationId: string, key: string, reference: Record<string, unknown>, activity: { text: string; card?: AdaptiveCard }): Promise<void> => {
    if (claimPost(operationId, key) !== 'post') return;
    try {
      const id = await teams(reference, key, async (ctx) => {
        const res = await ctx.sendActivity({ type: 'message', text: activity.text, textFormat: 'markdown',
          ...(activity.card ? { attachments: [toAttachment(activity.card)] } : {}) });
        return res?.id;
      });
      store.milestones.markDone(operationId, key, id);
    } finally {
      released(operationId, key);
    }
  };

  /** The progress card's activity id, posting the card first when it does not exist yet. */
  const ensureCard = async (st: OpState): Promise<string | undefined> => {
    const { thread, info } = st;
    if (!thread) return undefined;
    const claim = claimPost(info.operationId, CARD_KEY);
    // `busy`: another sender is posting the card now; later updates find its activity id.
    if (claim !== 'post') return store.milestones.get(info.operationId, CARD_KEY)?.activityId;
    const snap = st.latest ?? emptySnapshot(info, now());
    const card = progressCard(cards, info, snap, 'running', locale(st));
    let id: string | undefined;
    try {
      id = await teams(thread.reference, 'progress card', async (ctx) => (await ctx.sendActivity({ type: 'message', attachments: [toAttachment(card)] }))?.id);
      if (!id) throw new Error('the connector returned no activity id for the progress card');
      store.milestones.setActivityId(info.operationId, CARD_KEY, id);
      store.milestones.markDone(info.operationId, CARD_KEY, id);
    } finally {
      released(info.operationId, CARD_KEY);
    }
    st.sent = st.version;
    gateOf(thread.conversationId).nextAt = now().getTime() + coalesceMs;
    return id;
  };

  /** Replaces the card with the latest snapshot in `state`. */
  const updateCard = async (st: OpState, state: ProgressState): Promise<void> => {
    const { thread, info } = st;
    if (!thread) return;
    const id = await ensureCard(st);
    if (!id) return;
    const version = st.version;
    const card = progressCard(cards, info, st.latest ?? emptySnapshot(info, now()), state, locale(st));
    await teams(thread.reference, 'progress update', (ctx) => ctx.updateActivity({ type: 'message', id, attachments: [toAttachment(card)] }).then(() => undefined));
    st.sent = Math.max(st.sent, version);
  };

  const gateOf = (conversationId: string): Gate => {
    let g = gates.get(conversationId);
    if (!g) {
      g = { nextAt: 0, queue: [] };
      gates.set(conversationId, g);
    }
    return g;
  };

  /** Sends the next queued card update of a thread (the latest snapshot wins) and re-arms the gate. */
  const fire = (conversationId: string): void => {
    const gate = gateOf(conversationId);
    if (gate.timer) clearTimeout(gate.timer);
    gate.timer = undefined;
    const operationId = gate.queue.shift();
    const st = operationId ? ops.get(operationId) : undefined;
    if (st && !st.ended && st.version > st.sent) {
      gate.nextAt = now().getTime() + coalesceMs;
      serial(st, async () => {
        if (st.ended || st.version <= st.sent) return;
        await updateCard(st, 'running');
      }).catch((err: unknown) => {
        logger.warn({ err, operationId }, 'progress card update failed; the next update carries the latest state');
        if (!st.ended) schedule(st);
      });
    }
    if (gate.queue.length > 0) arm(conversationId);
  };

  const arm = (conversationId: string): void => {
    const gate = gateOf(conversationId);
    if (gate.timer) return;
    const delay = Math.max(0, gate.nextAt - now().getTime());
    gate.timer = setTimeout(() => fire(conversationId), delay);
    gate.timer.unref?.();
  };

  const schedule = (st: OpState): void => {
    if (!st.thread) return;
    const gate = gateOf(st.thread.conversationId);
    if (!gate.queue.includes(st.info.operationId)) gate.queue.push(st.info.operationId);
    arm(st.thread.conversationId);
  };

  const unschedule = (st: OpState): void => {
    if (!st.thread) return;
    const gate = gateOf(st.thread.conversationId);
    gate.queue = gate.queue.filter((id) => id !== st.info.operationId);
    if (gate.queue.length === 0 && gate.timer) {
      clearTimeout(gate.timer);
      gate.timer = undefined;
    }
  };

  /** Start/end notices to every subscribed channel other than the request's own conversation. */
  const notices = async (st: OpState, which: 'start' | 'end', outcome?: MigrationOutcome): Promise<void> => {
    let channels: StoredConversation[];
    try {
      channels = store.conversations.listSubscribed();
    } catch (err) {
      logger.warn({ err }, 'could not list subscribed channels');
      return;
    }
    const own = st.thread?.conversationId.split(';')[0];
    for (const channel of channels) {
      if (channel.conversationId === own) continue;
      const m = messages(locale(st));
      const link = st.thread ? threadDeepLink(st.thread) : undefined;
      const where = link ? m.noticeThreadLink(link) : m.noticeThreadNamed(st.thread?.name ?? threadName(st.thread) ?? 'Teams');
      const text = which === 'start'
        ? m.noticeStarted(st.info.cluster.name, st.info.target, where)
        : m.noticeFinished(outcome?.status ?? 'failed', st.info.cluster.name, st.info.target, where);
      try {
        await postOnce(st.info.operationId, `notice:${which}:${channel.conversationId}`, channel.reference, { text });
      } catch (err) {
        logger.warn({ err, channel: channel.conversationId, operationId: st.info.operationId }, 'could not notify a subscribed channel');
      }
    }
  };

  return {
    adopt(op) {
      adoptedAt.set(op.operationId, Date.now());
    },

    async started(op, _key) {
      const st = stateOf(op);
      if (st.thread) await serial(st, async () => { await ensureCard(st); });
      await serial(st, () => notices(st, 'start'));
    },

    async progress(op, snapshot) {
      const st = stateOf(op);
      if (st.ended) return;
      st.latest = snapshot;
      st.version += 1;
      schedule(st);
    },

    async poolFinished(op, pool: PoolProgress, key) {
      const st = stateOf(op);
      st.latest = withPoolFinished(st.latest ?? emptySnapshot(op, now()), pool);
      st.version += 1;
      const thread = st.thread;
      if (thread) {
        await serial(st, () => postOnce(op.operationId, `msg:${suffix(op, key)}`, thread.reference, { text: poolFinishedText(op, pool, locale(st)) }));
      }
      if (!st.ended) schedule(st);
    },

    async stalled(op, stall, key) {
      const st = stateOf(op);
      const thread = st.thread;
      if (!thread) return;
      await serial(st, () => postOnce(op.operationId, `msg:${suffix(op, key)}`, thread.reference, { text: stallText(op, stall, locale(st)) }));
    },

    async finished(op, outcome, key) {
      const st = stateOf(op);
      st.ended = true;
      unschedule(st);
      const thread = st.thread;
      if (thread) {
        const state: ProgressState = outcome.status;
        await serial(st, async () => {
          try {
            await updateCard(st, state);
          } catch (err) {
            logger.warn({ err, operationId: op.operationId }, 'could not show the outcome on the progress card');
          }
        });
        const final = finalMessage(cards, op, outcome, locale(st));
        await serial(st, () => postOnce(op.operationId, `msg:${suffix(op, key)}`, thread.reference, { text: final.text, card: final.card }));
        await serial(st, () => deps.health?.(op, outcome, thread.reference, locale(st)) ?? Promise.resolve()).catch((err: unknown) => logger.warn({ err, operationId: op.operationId }, 'could not post the health summary'));
      }
      await serial(st, () => notices(st, 'end', outcome));
      ops.delete(op.operationId);
      adoptedAt.delete(op.operationId);
    },

    async flush() {
      for (const [conversationId, gate] of gates) {
        if (gate.timer) clearTimeout(gate.timer);
        gate.timer = undefined;
        gate.nextAt = 0;
        while (gate.queue.length > 0) fire(conversationId);
      }
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}

/** The milestone part of a watcher key (`<operationId>:pool:x` -> `pool:x`). */
function suffix(op: OperationInfo, key: string): string {
  return key.startsWith(`${op.operationId}:`) ? key.slice(op.operationId.length + 1) : key;
}

function threadName(thread: ThreadInfo | undefined): string | undefined {
  const name = (thread?.reference.conversation as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name ? name : undefined;
}
