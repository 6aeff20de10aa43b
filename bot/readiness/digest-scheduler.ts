// Posts the weekly readiness digest to every channel that switched it on. Driven by the pure
// `isDigestDue` (services/planning/digest-schedule.ts) and an injected clock: each tick, a channel
// whose period is due is claimed in the store BEFORE anything is posted (an insert only one sender
// wins), so two ticks, two processes or a restart post it once; a claim whose sender died before
// confirming is taken again after `leaseMs` (a restart never skips a digest). One scan per period,
// its record stored first, is what every channel's digest shows and what next week compares with.
import type { ConversationReference } from 'botbuilder';
import { isDigestDue, type DigestSchedule } from '../../services/planning/digest-schedule.ts';
import { readinessRecord, type ReadinessRecord } from '../../services/planning/readiness-diff.ts';
import type { ReadinessScanner } from '../../services/planning/readiness-scanner.ts';
import type { ConversationStore, DigestStore } from '../../services/store/types.ts';
import type { Locale } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import { withTeamsRetry, type TeamsRetryOptions } from '../proactive/teams-retry.ts';
import { digestText } from './digest-text.ts';

/** The adapter's proactive entry point (CloudAdapter satisfies it). */
export interface DigestAdapter {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: import('botbuilder').TurnContext) => Promise<void>): Promise<void>;
}

/** What the scheduler needs. */
export interface DigestSchedulerDeps {
  digests: () => DigestStore | undefined;
  conversations: () => ConversationStore;
  scanner: ReadinessScanner;
  adapter: () => DigestAdapter;
  appId: string;
  schedule: DigestSchedule;
  clock: () => Date;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Between ticks (default one minute). */
  intervalMs?: number;
  /** A claim not confirmed for this long is taken again (default 10 minutes). */
  leaseMs?: number;
  retry?: Pick<TeamsRetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>;
}

/** The weekly digest's scheduler. */
export class DigestScheduler {
  private timer?: ReturnType<typeof setInterval>;
  private ticking?: Promise<number>;

  constructor(private readonly deps: DigestSchedulerDeps) {}

  /** Ticks now and then every interval. */
  start(): void {
    if (this.timer) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.deps.intervalMs ?? 60_000);
    this.timer.unref();
  }

  /** Stops ticking and waits for a tick in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
  }

  /** Posts every due digest; resolves with how many were posted. Never throws. One tick at a time. */
  tick(): Promise<number> {
    this.ticking ??= this.runTick().catch((err: unknown) => {
      this.deps.logger.error({ err }, 'digest tick failed');
      return 0;
    }).finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async runTick(): Promise<number> {
    const store = this.deps.digests();
    if (!store) return 0;
    const now = this.deps.clock();
    let posted = 0;
    for (const channel of store.listEnabled()) {
      const due = isDigestDue({
        now, schedule: this.deps.schedule, enabledAt: new Date(channel.enabledAt), lastPeriod: store.lastPosted(channel.conversationId)?.period,
      });
      if (!due) continue;
      const staleBefore = new Date(now.getTime() - (this.deps.leaseMs ?? 10 * 60_000)).toISOString();
      if (!store.claim(channel.conversationId, due.period, now.toISOString(), staleBefore)) continue;
      try {
        const record = await this.recordOf(store, due.period, now);
        const previous = store.latestRecordBefore(due.period)?.record as ReadinessRecord | undefined;
        const locale: Locale = channel.locale === 'ja' ? 'ja' : 'en';
        const activityId = await this.post(channel.conversationId, digestText(locale, due.start, record, previous));
        store.markPosted(channel.conversationId, due.period, this.deps.clock().toISOString(), activityId);
        posted += 1;
        this.deps.logger.info({ conversationId: channel.conversationId, period: due.period, activityId }, 'weekly digest posted');
      } catch (err) {
        // The claim stays unconfirmed: after the lease a later tick (or a restarted process) posts it.
        this.deps.logger.warn({ conversationId: channel.conversationId, period: due.period, err }, 'weekly digest not posted; retried after the lease');
      }
    }
    return posted;
  }

  /** The record of `period`: stored by whoever scanned first, else scanned now and stored. */
  private async recordOf(store: DigestStore, period: string, now: Date): Promise<ReadinessRecord> {
    const kept = store.getRecord(period);
    if (kept) return kept as unknown as ReadinessRecord;
    const fleet = await this.deps.scanner.scan();
    store.saveRecord(period, readinessRecord(fleet, now) as unknown as Record<string, unknown>, now.toISOString());
    return store.getRecord(period) as unknown as ReadinessRecord;
  }

  private async post(conversationId: string, text: string): Promise<string | undefined> {
    const conversation = this.deps.conversations().get(conversationId);
    if (!conversation) throw new Error(`conversation ${conversationId} is not remembered`);
    let id: string | undefined;
    await withTeamsRetry(() => this.deps.adapter().continueConversationAsync(this.deps.appId, conversation.reference as Partial<ConversationReference>, async (ctx) => {
      id = (await ctx.sendActivity({ type: 'message', text }))?.id;
    }), this.deps.retry ?? {});
    return id;
  }
}
