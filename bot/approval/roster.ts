// Who to @mention and give the actionable card: the approvers among the members of the conversation
// that holds the card (Teams roster), matched on Entra object id; in demo mode with no list, every
// member but the requester. Reading the roster never fails the request: it logs and returns none.
import { TeamsInfo, type TeamsChannelAccount, type TurnContext } from 'botbuilder';
import { isDemoApproval, noApproversConfigured, sameActor, type ApprovalPolicy } from '../../services/approval/policy.ts';
import type { Actor } from '../../services/approval/types.ts';
import type { Logger } from '../logger.ts';
import type { ApproverMention } from './thread.ts';

/** Teams allows at most 60 user ids in `refresh.userIds`. */
export const MAX_REFRESH_USER_IDS = 60;

/** Members of the context's conversation (paged roster first, then the classic one). */
export async function rosterOf(context: TurnContext, logger?: Logger): Promise<TeamsChannelAccount[]> {
  try {
    const members: TeamsChannelAccount[] = [];
    let token: string | undefined;
    do {
      const page = await TeamsInfo.getPagedMembers(context, 500, token);
      members.push(...(page.members ?? []));
      token = page.continuationToken || undefined;
    } while (token && members.length < 10_000);
    return members;
  } catch (paged) {
    try {
      return await TeamsInfo.getMembers(context);
    } catch (err) {
      logger?.warn({ err: new AggregateError([paged, err], 'the paged and the classic roster reads failed') }, 'could not read the roster');
      return [];
    }
  }
}

const norm = (s: string | undefined): string => (s ?? '').trim().toLowerCase();

/** A member's Entra object id: `aadObjectId` (paged roster) or `objectId` (classic roster). */
function objectIdOf(m: TeamsChannelAccount): string | undefined {
  const classic = (m as TeamsChannelAccount & { objectId?: unknown }).objectId;
  return m.aadObjectId || (typeof classic === 'string' ? classic : undefined);
}

/** The approvers among `members` for a request by `requester` (pure); the requester is recognised by
 * any of their ids (Entra object id or Teams user id). */
export function pickApprovers(members: readonly TeamsChannelAccount[], policy: ApprovalPolicy,
  requester: Actor | string): ApproverMention[] {
  if (noApproversConfigured(policy)) return [];
  const who: Actor = typeof requester === 'string' ? { id: requester, name: requester } : requester;
  const isRequester = (m: TeamsChannelAccount): boolean => {
    const objectId = objectIdOf(m);
    return sameActor(who, { id: objectId ?? m.id, name: m.name ?? m.id, aliases: objectId ? [m.id] : [] });
  };
  const people = members.filter((m) => typeof m.id === 'string' && !m.id.startsWith('28:'));
  const chosen = isDemoApproval(policy)
    ? people.filter((m) => !isRequester(m) || policy.allowSelfApproval)
    : people.filter((m) => policy.approvers.some((a) => norm(a) === norm(objectIdOf(m))));
  const seen = new Set<string>();
  const out: ApproverMention[] = [];
  for (const m of chosen) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    out.push({ id: m.id, name: m.name || m.id });
  }
  return out.slice(0, MAX_REFRESH_USER_IDS);
}
