// `upgrade X to overlay [with pod cidr C]` / `enable cilium on X`: resolve, snapshot, preflight for
// the one target; blocked = the preflight card and no request; ready (or incomplete: the same update
// again finishes a failed or partial migration) = an approval request whose
// card goes where the approvers are (the approval flow decides and posts it).
import { approvalMessages } from '../i18n/approval.ts';
import { messages } from '../i18n/index.ts';
import { failureReply } from './failure-reply.ts';
import { resolveCluster } from './resolve-cluster.ts';
import { runChecks } from './run-checks.ts';
import type { CommandHandler } from './types.ts';

/** Requests a migration (or answers with its preflight when no approval flow is wired). */
export const upgradeCommand: CommandHandler = {
  intent: 'upgrade',
  slow: true,
  async handle(ctx) {
    if (ctx.command.intent === 'unknown') return {};
    const approvals = ctx.services.approvals;
    if (!approvals) {
      const resolved = await resolveCluster(ctx, ctx.command.cluster);
      if ('reply' in resolved) return resolved.reply;
      const result = await runChecks(ctx, resolved.ref, ctx.command.target, ctx.command.podCidr);
      if ('reply' in result) return result.reply;
      return {
        text: messages(ctx.locale).upgradeApprovalLater,
        card: ctx.services.cards.preflight({ reports: result.reports, locale: ctx.locale }),
      };
    }
    const allowed = approvals.mayRequest(ctx.user, ctx.locale, ctx.conversation);
    if (!allowed.ok) return allowed.reply;
    const resolved = await resolveCluster(ctx, ctx.command.cluster);
    if ('reply' in resolved) return resolved.reply;
    const target = ctx.command.target;
    if (!target) return { text: approvalMessages(ctx.locale).upgradeNeedTarget(resolved.ref.name) };
    let snapshot;
    try {
      snapshot = await ctx.services.directory.snapshot(resolved.ref);
    } catch (err) {
      const reply = failureReply(ctx, err, resolved.ref.name);
      if (!reply) throw err;
      return reply;
    }
    const podCidr = ctx.command.podCidr;
    const report = ctx.services.runPreflight(snapshot, target, podCidr ? { podCidr } : undefined);
    return approvals.request({
      cluster: resolved.ref, target, podCidr, report, eTag: snapshot.cluster.eTag ?? null, snapshot,
      user: ctx.user, conversation: ctx.conversation, locale: ctx.locale,
    });
  },
};
