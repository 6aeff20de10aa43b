// `digest on` / `digest off` (`ダイジェストをオン` / `停止`): a channel switches the weekly fleet
// readiness digest on or off; `digest` alone says whether it is on. The scheduler
// (bot/readiness/digest-scheduler.ts) posts it.
import { readinessText } from '../../i18n/readiness.ts';
import type { CommandHandler } from './types.ts';

/** The `digest` handler. */
export const digestCommand: CommandHandler = {
  intent: 'digest',
  slow: false,
  async handle(ctx) {
    const t = (id: Parameters<typeof readinessText>[1], p?: Parameters<typeof readinessText>[2]) => readinessText(ctx.locale, id, p);
    const port = ctx.services.readiness;
    const store = port?.digests?.();
    if (!port || !store) return { text: t('digest.unavailable') };
    const channel = ctx.conversation.channelConversationId;
    if (!ctx.conversation.isChannel || !channel) return { text: t('digest.channel-only') };
    const when = { day: t(`day.${port.digestSchedule.day}`), hour: String(port.digestSchedule.hour).padStart(2, '0') };
    const sw = ctx.command.intent === 'digest' ? ctx.command.switch : undefined;
    if (sw === 'on') {
      store.enable(channel, port.now().toISOString(), ctx.locale);
      return { text: t('digest.on', when) };
    }
    if (sw === 'off') return { text: store.disable(channel) ? t('digest.off') : t('digest.was-off') };
    return { text: store.get(channel)?.enabled ? t('digest.status-on', when) : t('digest.status-off') };
  },
};
