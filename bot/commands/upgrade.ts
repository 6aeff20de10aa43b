// `upgrade X to overlay [with pod cidr C]` / `enable cilium on X`: resolve, snapshot, preflight for
// the one target; blocked = the preflight card and no request; ready (or incomplete: the same update
// again finishes a failed or partial migration) = an approval request whose
// card goes where the approvers are (the approval flow decides and posts it). A plan's steps are
// requested through the same `requestUpgrade` (bot/plans/).
import type { ClusterSnapshot, Target } from '../../services/cluster/types.ts';
import { approvalMessages } from '../i18n/approval.ts';
import { messages } from '../i18n/index.ts';
import type { ClusterRef, PlanLink } from '../ports.ts';
import { failureReply } from './failure-reply.ts';
import { resolveCluster } from './resolve-cluster.ts';
import { runChecks } from './run-checks.ts';
import type { CommandContext, CommandHandler, Reply } from './types.ts';

/** What a request needs from its turn (a message, a card action, or a plan's next step). */
export type RequestContext = Pick<CommandContext, 'services' | 'user' | 'conversation' | 'locale'>;

/** Requests the migration of `ref` to `target` (snapshot, preflight, approval request); the reply says
 * why not, or is empty when the approval card was posted in this conversation. */
export async function requestUpgrade(ctx: RequestContext, ref: ClusterRef, target: Target | undefined, podCidr: string | undefined,
  extra: { plan?: PlanLink; snapshot?: ClusterSnapshot } = {}): Promise<Reply> {
  const approvals = ctx.services.approvals;
  if (!approvals) {
    const result = await runChecks(ctx, ref, target, podCidr);
    if ('reply' in result) return result.reply;
    return { text: messages(ctx.locale).upgradeApprovalLater, card: ctx.services.cards.preflight({ reports: result.reports, locale: ctx.locale }) };
  }
  if (!target) return { text: approvalMessages(ctx.locale).upgradeNeedTarget(ref.name) };
  let snapshot = extra.snapshot;
  if (!snapshot) {
    try {
      snapshot = await ctx.services.directory.snapshot(ref);
    } catch (err) {
      const reply = failureReply(ctx, err, ref.name);
      if (!reply) throw err;
      return reply;
    }
  }
  const report = ctx.services.runPreflight(snapshot, target, podCidr ? { podCidr } : undefined);
  return approvals.request({
    cluster: ref, target, podCidr, report, eTag: snapshot.cluster.eTag ?? null, snapshot,
    user: ctx.user, conversation: ctx.conversation, locale: ctx.locale, ...(extra.plan ? { plan: extra.plan } : {}),
  });
}

/** Requests a migration (or answers with its preflight when no approval flow is wired). */
export const upgradeCommand: CommandHandler = {
  intent: 'upgrade',
  slow: true,
  async handle(ctx) {
    if (ctx.command.intent === 'unknown') return {};
    const approvals = ctx.services.approvals;
    if (approvals) {
      const allowed = approvals.mayRequest(ctx.user, ctx.locale, ctx.conversation);
      if (!allowed.ok) return allowed.reply;
    }
    const resolved = await resolveCluster(ctx, ctx.command.cluster);
    if ('reply' in resolved) return resolved.reply;
    return requestUpgrade(ctx, resolved.ref, ctx.command.target, ctx.command.podCidr);
  },
};
