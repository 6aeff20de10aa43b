// What the ApprovalDesk hands to the card layer, with a fake ApprovalService: the typed
// approversStatus when nobody may approve, the refusal card's way back to the approval card for
// retryable refusals of a pending request only, and the catalogue text of a no-approvers refusal.
import { describe, expect, it } from 'vitest';
import type { ApprovalDeskDeps } from '../../../bot/approval/approval-desk.ts';
import { ApprovalDesk } from '../../../bot/approval/approval-desk.ts';
import { CARD_KIT } from '../../../bot/card-kit.ts';
import type { ApprovalCardInput, CardKit } from '../../../bot/ports.ts';
import type { RefusalCardData } from '../../../cards/approval-card.ts';
import type { ActionResult, ApprovalService } from '../../../services/approval/service.ts';
import { makePolicy, type ApprovalPolicy } from '../../../services/approval/policy.ts';
import type { ApprovalRequest, RequestState } from '../../../services/approval/types.ts';
import { createLogger } from '../../../bot/logger.ts';
import { Writable } from 'node:stream';
import { cardText } from '../harness.ts';
import { executeActions } from './approval-harness.ts';

const CONVERSATION = '19:channel@thread.tacv2';

function request(state: RequestState, locale: 'en' | 'ja' = 'en'): ApprovalRequest {
  return {
    id: 'req-1', version: 1, state,
    cluster: { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-x',
      subscriptionId: 's', resourceGroup: 'rg', name: 'aks-x' },
    target: 'cilium', plan: { azCommand: 'az aks update', networkProfile: { networkDataplane: 'cilium' } } as ApprovalRequest['plan'],
    requester: { id: 'req-oid', name: 'Req' }, createdAt: '2026-03-01T09:00:00Z', updatedAt: '2026-03-01T09:00:00Z',
    expiresAt: '2026-03-01T13:00:00Z', report: { verdict: 'ready', hash: 'h', blockers: [], warnings: [] }, eTag: '"e1"', dryRun: false,
    thread: {
      reference: { serviceUrl: 'http://127.0.0.1:1/', conversation: { id: CONVERSATION } }, conversationId: CONVERSATION, locale,
      report: { verdict: 'ready', findings: [], passed: [], notApplicable: [], target: 'cilium', podCidr: null,
        cluster: { name: 'aks-x', resourceGroup: 'rg', mode: 'overlay', dataplane: 'azure', networkPolicy: 'none', kubernetesVersion: '1.30.4' } },
      pools: [{ name: 'np1', count: 3, maxSurge: null }],
    },
  };
}

/** A desk over a fake service whose approve answers `result`, recording what reaches the card kit. */
function deskWith(rules: ApprovalPolicy, current: ApprovalRequest, result?: ActionResult) {
  const seen: { approval: ApprovalCardInput[]; refusal: RefusalCardData[] } = { approval: [], refusal: [] };
  const cards: CardKit = {
    ...CARD_KIT,
    approval: (d) => { seen.approval.push(d); return CARD_KIT.approval(d); },
    refusal: (d) => { seen.refusal.push(d); return CARD_KIT.refusal(d); },
  };
  const service = {
    rules,
    get: (id: string) => (id === current.id ? current : undefined),
    approve: async () => result ?? { ok: false, reason: 'unknown-request' },
  } as unknown as ApprovalService; // only the members the desk calls on these paths
  const deps: ApprovalDeskDeps = {
    service, cards, conversations: () => { throw new Error('not used'); }, adapter: () => { throw new Error('not used'); },
    appId: '', directory: { snapshot: async () => { throw new Error('not used'); } }, runPreflight: () => { throw new Error('not used'); },
    logger: createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) }),
  };
  return { desk: new ApprovalDesk(deps), seen };
}

const approver = { id: '29:a', aadObjectId: 'appr-oid', name: 'Appr' };
const input = (locale: 'en' | 'ja' = 'en') => ({ requestId: 'req-1', user: approver, conversation: { id: CONVERSATION, isChannel: true }, locale });

describe('ApprovalDesk -> card layer', () => {
  it('no approvers configured: the approval card gets the typed approversStatus (no free-text note)', async () => {
    const { desk, seen } = deskWith(makePolicy({ demoMode: false }), request('pending'));
    const reply = await desk.refresh(input());
    expect(seen.approval).toHaveLength(1);
    expect(seen.approval[0].approversStatus).toBe('none-configured');
    expect(Object.keys(seen.approval[0])).not.toContain('approversNote');
    expect(Object.keys(seen.approval[0])).not.toContain('openControlsTitle');
    expect(cardText(reply.card)).toContain('No approvers are configured: set APPROVERS');
  });

  it('approvers configured: no approversStatus', async () => {
    const { desk, seen } = deskWith(makePolicy({ approvers: ['appr-oid'] }), request('pending'));
    await desk.refresh(input());
    expect(seen.approval[0].approversStatus).toBeUndefined();
  });

  it.each([['wrong-confirm', 'confirm-mismatch'], ['missing-ack', 'ack-missing']] as const)(
    '%s on a pending request: the refusal card leads back to the approval card (verb refresh, only the request id)', async (reason, code) => {
      const pending = request('pending', 'ja');
      const { desk, seen } = deskWith(makePolicy({ approvers: ['appr-oid'] }), pending, { ok: false, reason, request: pending });
      const reply = await desk.approve({ ...input('ja'), confirm: 'nope' });
      expect(seen.refusal[0]).toMatchObject({ code, backToApproval: { requestId: 'req-1' } });
      expect(executeActions(reply.card)).toEqual([{ type: 'Action.Execute', verb: 'refresh', data: { requestId: 'req-1' }, title: '承認カードに戻る' }]);
      expect(cardText(reply.card)).toContain(`理由コード: ${code}`);
    });

  it('no way back when the refusal is not retryable or the request is no longer pending', async () => {
    const pending = request('pending');
    const self = deskWith(makePolicy({ approvers: ['appr-oid'] }), pending, { ok: false, reason: 'self-approval', request: pending });
    expect(executeActions((await self.desk.approve(input())).card)).toEqual([]);
    expect(self.seen.refusal[0].backToApproval).toBeUndefined();
    const expired = request('expired');
    const late = deskWith(makePolicy({ approvers: ['appr-oid'] }), expired, { ok: false, reason: 'wrong-confirm', request: expired });
    expect(executeActions((await late.desk.approve(input())).card)).toEqual([]);
  });

  it('a no-approvers refusal shows the card catalogue text in the thread language', async () => {
    const pending = request('pending', 'ja');
    const { desk } = deskWith(makePolicy({ demoMode: false }), pending, { ok: false, reason: 'no-approvers', request: pending });
    const text = cardText((await desk.approve(input('ja'))).card);
    expect(text).toContain('承認者が設定されていません');
    expect(text).toContain('理由コード: no-approvers');
  });
});
