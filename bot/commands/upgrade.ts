// `upgrade X to overlay|cilium`: the seam where approval requests plug in. For now it runs the
// preflight and says that approval requests arrive with the next release.
import { messages } from '../i18n/index.ts';
import { resolveCluster } from './resolve-cluster.ts';
import { runChecks } from './run-checks.ts';
import type { CommandHandler } from './types.ts';

/** Answers an upgrade request with its preflight card and a note that approvals come later. */
export const upgradeCommand: CommandHandler = {
  intent: 'upgrade',
  slow: true,
  async handle(ctx) {
    if (ctx.command.intent === 'unknown') return {};
    const resolved = await resolveCluster(ctx, ctx.command.cluster);
    if ('reply' in resolved) return resolved.reply;
    const result = await runChecks(ctx, resolved.ref, ctx.command.target, ctx.command.podCidr);
    if ('reply' in result) return result.reply;
    return {
      text: messages(ctx.locale).upgradeApprovalLater,
      card: ctx.services.cards.preflight({ reports: result.reports, locale: ctx.locale }),
    };
  },
};
