// The Teams implementation of services' ProgressNotifier: one progress card per operation posted
// into the request's thread and updated in place (coalesced per thread), a message per finished
// pool, a stall notice, and one final message, plus start/end notices to subscribed channels.
// Everything posted is claimed in store.milestones before the post (an insert only one sender wins)
// and marked done with its activity id after, so concurrent senders (two watchers, two notifiers, a
// repeated call) post each milestone and the progress card once, and a restart updates the same
// card. A claim left by a process that died before confirming is posted again after a restart.
import type { ProgressState } from '../../cards/progress-card.ts';
import { toAttachment, type AdaptiveCard } from '../../cards/types.ts';
import type { MigrationOutcome, OperationInfo, PoolProgress, ProgressNotifier } from '../../services/migration/types.ts';
import type { Store, StoredConversation } from '../../services/store/types.ts';
import { messages, type Locale } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import {
  PROGRESS_CARDS, emptySnapshot, finalMessage, poolFinishedText, progressCard, stallText, withPoolFinished, type ProgressCards,
} from './render.ts';
import type { HealthPoster } from './health-post.ts';
import { createCardGates } from './card-gates.ts';
import { newOpState, opLocale, type OpState } from './op-state.ts';
import { createPostClaims } from './post-claims.ts';
import { teamsCaller, type TeamsCallDeps } from './teams-call.ts';
import { threadDeepLink, type ThreadInfo } from './thread.ts';

/** What the notifier needs; everything but adapter, appId, store and logger has a default. */
export interface ProgressNotifierDeps extends TeamsCallDeps {
  store: Store;
  logger: Logger;
  cards?: ProgressCards;
  clock?: () => Date;
  /** At most one card update per thread per this many seconds (default 10). */
  coalesceSeconds?: number;
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

/** Builds the Teams ProgressNotifier (constructible from what bot/start.ts has: adapter, config, store, logger). */
export function createProgressNotifier(deps: ProgressNotifierDeps): TeamsProgressNotifier {
  const cards = deps.cards ?? PROGRESS_CARDS;
  const now = deps.clock ?? (() => new Date());
  const coalesceMs = Math.max(0, (deps.coalesceSeconds ?? 10) * 1000);
  const { store, logger } = deps;
  const ops = new Map<string, OpState>();
  const inflight = new Set<Promise<void>>();
  const claims = createPostClaims(store, logger, now);
  const teams = teamsCaller(deps, logger);

  const track = (p: Promise<void>): void => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };

  const stateOf = (op: OperationInfo): OpState => {
    let st = ops.get(op.operationId);
    if (!st) {
      st = newOpState(op, logger);
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

  /** The language of everything posted for an operation (see op-state.ts). */
  const locale = (st: OpState): Locale => opLocale(store, logger, st);

  /** Posts a message once per milestone key: claimed before, done with its activity id after. */
  const postOnce = async (operationId: string, key: string, reference: Record<string, unknown>, activity: { text: string; card?: AdaptiveCard }): Promise<void> => {
    if (claims.claim(operationId, key) !== 'post') return;
    try {
      const id = await teams(reference, key, async (ctx) => {
        const res = await ctx.sendActivity({ type: 'message', text: activity.text, textFormat: 'markdown',
          ...(activity.card ? { attachments: [toAttachment(activity.card)] } : {}) });
        return res?.id;
      });
      store.milestones.markDone(operationId, key, id);
    } finally {
      claims.release(operationId, key);
    }
  };

  /** The progress card's activity id, posting the card first when it does not exist yet. */
  const ensureCard = async (st: OpState): Promise<string | undefined> => {
    const { thread, info } = st;
    if (!thread) return undefined;
    const claim = claims.claim(info.operationId, CARD_KEY);
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
      claims.release(info.operationId, CARD_KEY);
    }
    st.sent = st.version;
    gates.hold(thread.conversationId);
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

  const gates = createCardGates({
    now, coalesceMs,
    due: (operationId) => {
      const st = ops.get(operationId);
      return st !== undefined && !st.ended && st.version > st.sent;
    },
    send: (operationId) => {
      const st = ops.get(operationId);
      if (!st) return;
      serial(st, async () => {
        if (st.ended || st.version <= st.sent) return;
        await updateCard(st, 'running');
      }).catch((err: unknown) => {
        logger.warn({ err, operationId }, 'progress card update failed; the next update carries the latest state');
        if (!st.ended) schedule(st);
      });
    },
  });

  const schedule = (st: OpState): void => {
    if (st.thread) gates.schedule(st.thread.conversationId, st.info.operationId);
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
      claims.adopt(op.operationId);
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
      if (st.thread) gates.unschedule(st.thread.conversationId, op.operationId);
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
      claims.forget(op.operationId);
    },

    async flush() {
      gates.flush();
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
