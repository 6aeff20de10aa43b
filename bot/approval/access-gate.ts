// Reading and redirecting approval cards are permissions (VIEWERS, APPROVERS, tenants): the chat
// layer's AccessPort over the approval policy, answering refusals with the fix.
import { mayManageChannels, mayRead, type ApprovalPolicy } from '../../services/approval/policy.ts';
import type { UserInfo } from '../commands/types.ts';
import { approvalMessages } from '../i18n/approval.ts';
import type { Locale } from '../i18n/index.ts';
import type { AccessPort, Gate } from '../ports.ts';
import { actorOf } from './actor.ts';

/** The AccessPort of a policy (a getter, so it always reads the service's current rules). */
export class AccessGate implements AccessPort {
  private readonly rules: () => ApprovalPolicy;

  constructor(rules: () => ApprovalPolicy) {
    this.rules = rules;
  }

  mayRead(user: UserInfo, locale: Locale): Gate {
    const m = approvalMessages(locale);
    const r = mayRead(this.rules(), actorOf(user));
    if (r.ok) return r;
    return { ok: false, reply: { text: r.reason === 'wrong-tenant' ? m.tenantNotAllowed : m.notViewer } };
  }

  mayManageChannels(user: UserInfo, locale: Locale): Gate {
    const m = approvalMessages(locale);
    const r = mayManageChannels(this.rules(), actorOf(user));
    if (r.ok) return r;
    const text = r.reason === 'wrong-tenant' ? m.tenantNotAllowed : r.reason === 'no-approvers' ? m.channelManagersNone : m.notChannelManager;
    return { ok: false, reply: { text } };
  }
}
