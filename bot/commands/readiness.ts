// `readiness` / `fleet` / `移行準備状況`: scans every cluster of the configured subscriptions and
// answers with the fleet readiness card. The scan runs after the turn: a progress message is
// posted at once and updated in place ("scanned 120 of 500 clusters"), then the card follows.
import { readinessText } from '../../i18n/readiness.ts';
import type { FleetReadiness } from '../../services/planning/fleet-readiness.ts';
import type { ScanProgress } from '../../services/planning/readiness-scanner.ts';
import { newCorrelationId } from '../logger.ts';
import type { ReadinessPort } from '../ports.ts';
import { firstReadinessPage } from '../readiness/card-reply.ts';
import type { CommandContext, CommandHandler, ThreadPoster } from './types.ts';

/** How often the progress message is updated at most (Teams throttles edits of one message). */
export const PROGRESS_UPDATE_MS = 2000;

async function scanWithProgress(ctx: CommandContext, port: ReadinessPort, poster: ThreadPoster, intervalMs: number): Promise<void> {
  const t = (id: Parameters<typeof readinessText>[1], p?: Parameters<typeof readinessText>[2]) => readinessText(ctx.locale, id, p);
  const progressId = await poster.post({ text: t('progress.start') });
  let latest: ScanProgress | undefined;
  let shown: ScanProgress | undefined;
  let chain = Promise.resolve();
  const show = (text: string): Promise<void> => {
    chain = chain.then(() => (progressId ? poster.update(progressId, { text }) : undefined)).catch(() => undefined);
    return chain;
  };
  const timer = setInterval(() => {
    if (!latest || latest === shown || latest.done === latest.total) return;
    shown = latest;
    void show(t('progress.scanned', { done: latest.done, total: latest.total }));
  }, intervalMs);
  timer.unref();
  let fleet: FleetReadiness;
  try {
    fleet = await port.scanner.scan((p) => {
      latest = p;
    });
  } catch (err) {
    clearInterval(timer);
    const correlationId = newCorrelationId();
    port.logger?.error({ correlationId, err }, 'fleet scan failed');
    await show(t('progress.failed', { correlationId }));
    return;
  }
  clearInterval(timer);
  await show(t('progress.done', { total: fleet.clusters.length }));
  await poster.post(firstReadinessPage(port.pages, fleet, port.now(), ctx.conversation.id, ctx.locale, port.maxPageSize));
}

/** The `readiness` handler. */
export const readinessCommand: CommandHandler = {
  intent: 'readiness',
  slow: true,
  async handle(ctx) {
    const port = ctx.services.readiness;
    if (!port) return { text: readinessText(ctx.locale, 'unavailable') };
    if (!ctx.background) {
      const fleet = await port.scanner.scan();
      return firstReadinessPage(port.pages, fleet, port.now(), ctx.conversation.id, ctx.locale, port.maxPageSize);
    }
    const intervalMs = port.progressIntervalMs ?? PROGRESS_UPDATE_MS;
    ctx.background((poster) => scanWithProgress(ctx, port, poster, intervalMs));
    return {};
  },
};
