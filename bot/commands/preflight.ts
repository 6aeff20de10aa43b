// `check X [for overlay|cilium] [with pod cidr C]`: the preflight card (both targets when none given).
import { resolveCluster } from './resolve-cluster.ts';
import { runChecks } from './run-checks.ts';
import type { CommandHandler } from './types.ts';

/** Runs the preflight and answers with the preflight card. */
export const preflightCommand: CommandHandler = {
  intent: 'preflight',
  slow: true,
  async handle(ctx) {
    if (ctx.command.intent === 'unknown') return {};
    const resolved = await resolveCluster(ctx, ctx.command.cluster);
    if ('reply' in resolved) return resolved.reply;
    const result = await runChecks(ctx, resolved.ref, ctx.command.target, ctx.command.podCidr);
    if ('reply' in result) return result.reply;
    return { card: ctx.services.cards.preflight({ reports: result.reports, locale: ctx.locale }) };
  },
};
