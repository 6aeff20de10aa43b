import { describe, expect, it } from 'vitest';
import { buildApprovalCard, buildDecidedCard, buildRefusalCard } from '../../cards/approval-card.ts';
import { validateCard } from '../../cards/validate.ts';
import { ciliumNotNeeded, demoApproval, demoDecided, legacyOverlayReady, overlayIncomplete } from './fixtures.ts';
import { allObjects, ofType, visibleText } from './helpers.ts';
import type { PreflightReport } from '../../services/preflight/types.ts';
import { texts } from '../fakes/finding.ts';

const noWarnings: PreflightReport = { ...legacyOverlayReady, findings: legacyOverlayReady.findings.filter((f) => f.severity !== 'warning') };

describe('buildApprovalCard (actionable)', () => {
  const card = buildApprovalCard({ ...demoApproval, view: 'actionable', locale: 'en' });

  it('has Approve and Reject as Action.Execute whose data is only the request id', () => {
    const actions = ofType(card, 'Action.Execute').filter((a) => a.verb === 'approve' || a.verb === 'reject');
    expect(actions.map((a) => a.verb).sort()).toEqual(['approve', 'reject']);
    for (const a of actions) expect(a.data).toEqual({ requestId: demoApproval.request.id });
  });

  it('asks for the cluster name in Input.Text "confirm"', () => {
    const inputs = ofType(card, 'Input.Text');
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({ id: 'confirm', isRequired: true });
    expect(String(inputs[0].label)).toContain('aks-legacy');
  });

  it('has the ack toggle because the report has warnings', () => {
    const toggles = ofType(card, 'Input.Toggle');
    expect(toggles).toHaveLength(1);
    expect(toggles[0]).toMatchObject({ id: 'ack', valueOn: 'true' });
  });

  it('has no ack toggle when the report has no warnings', () => {
    const plain = buildApprovalCard({ ...demoApproval, report: noWarnings, view: 'actionable', locale: 'en' });
    expect(ofType(plain, 'Input.Toggle')).toHaveLength(0);
    expect(validateCard(plain)).toEqual([]);
  });

  it('states plainly that the change is irreversible and reimages all nodes at once', () => {
    const text = visibleText(card);
    expect(text).toMatch(/IRREVERSIBLE/);
    expect(text).toMatch(/reimages ALL nodes in ALL node pools at once \(5 nodes in 2 pools\)/);
  });

  it('shows the plan: networkProfile change, az command, pools and node counts', () => {
    const text = visibleText(card);
    expect(text).toContain(legacyOverlayReady.plan!.azCommand);
    expect(text).toContain('networkPluginMode');
    expect(text).toContain('nodepool1');
    expect(text).toContain('3 nodes, max surge 10%');
    expect(text).toContain('win22');
  });

  it('lists every warning with its check id', () => {
    const text = visibleText(card);
    for (const f of legacyOverlayReady.findings.filter((x) => x.severity === 'warning')) {
      expect(text).toContain(f.check);
      expect(text).toContain(texts(f).title);
    }
  });

  it('refreshes through Action.Execute verb refresh for the given users', () => {
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'refresh', data: { requestId: demoApproval.request.id } },
      userIds: demoApproval.refreshUserIds,
    });
  });

  it('@mentions each approver with a matching entity', () => {
    const entities = card.msteams?.entities ?? [];
    expect(entities).toEqual(demoApproval.approverMentions.map((m) => ({
      type: 'mention', text: `<at>${m.name}</at>`, mentioned: { id: m.id, name: m.name },
    })));
    const text = visibleText(card);
    for (const e of entities) expect(text).toContain(String(e.text));
  });

  it('says when self-approval is allowed and when it is a dry run', () => {
    expect(visibleText(card)).not.toMatch(/Self-approval|DRY RUN/);
    const demo = buildApprovalCard({ ...demoApproval, selfApprovalAllowed: true, dryRun: true, view: 'actionable', locale: 'en' });
    expect(visibleText(demo)).toMatch(/Self-approval is allowed.*demo only/);
    expect(visibleText(demo)).toMatch(/DRY RUN: nothing will be sent/);
  });

  it('is valid and says the same in Japanese', () => {
    expect(validateCard(card)).toEqual([]);
    const jaCard = buildApprovalCard({ ...demoApproval, view: 'actionable', locale: 'ja' });
    expect(validateCard(jaCard)).toEqual([]);
    expect(visibleText(jaCard)).toMatch(/元に戻せません/);
    expect(ofType(jaCard, 'Input.Text')[0].id).toBe('confirm');
  });
});

describe('buildApprovalCard (read-only)', () => {
  const card = buildApprovalCard({ ...demoApproval, view: 'readonly', locale: 'en' });
  it('shows the same facts, awaiting approval, without inputs, actions or refresh', () => {
    const text = visibleText(card);
    expect(text).toContain('Awaiting approval');
    expect(text).toMatch(/IRREVERSIBLE/);
    expect(text).toContain(legacyOverlayReady.plan!.azCommand);
    expect(allObjects(card).filter((o) => typeof o.type === 'string' && (o.type.startsWith('Input.') || o.type.startsWith('Action.')))).toEqual([]);
    expect(card).not.toHaveProperty('refresh');
    expect(card).not.toHaveProperty('actions');
    expect(validateCard(card)).toEqual([]);
  });
});

describe('buildApprovalCard (posted)', () => {
  const card = buildApprovalCard({ ...demoApproval, view: 'posted', locale: 'en' });
  const refreshAction = { type: 'Action.Execute', verb: 'refresh', data: { requestId: demoApproval.request.id } };

  it('shows the read-only facts without inputs and without approve or reject', () => {
    const text = visibleText(card);
    expect(text).toContain('Awaiting approval');
    expect(text).toMatch(/IRREVERSIBLE/);
    expect(allObjects(card).filter((o) => typeof o.type === 'string' && o.type.startsWith('Input.'))).toEqual([]);
    expect(ofType(card, 'Action.Execute').map((a) => a.verb)).not.toContain('approve');
    expect(ofType(card, 'Action.Execute').map((a) => a.verb)).not.toContain('reject');
    expect(validateCard(card)).toEqual([]);
  });

  it('refreshes for the given users and has one open-controls button, both verb refresh with only the request id', () => {
    expect(card.refresh).toEqual({ action: refreshAction, userIds: demoApproval.refreshUserIds });
    expect(card.actions).toEqual([{ ...refreshAction, title: 'Approvers: open the approval controls' }]);
    const ja = buildApprovalCard({ ...demoApproval, view: 'posted', locale: 'ja' });
    expect(ja.actions).toEqual([{ ...refreshAction, title: '承認者: 承認操作を開く' }]);
    expect(validateCard(ja)).toEqual([]);
  });

  it('leaves userIds out when there are none (Teams then refreshes for everyone), unlike the actionable view', () => {
    const posted = buildApprovalCard({ ...demoApproval, refreshUserIds: [], view: 'posted', locale: 'en' });
    expect(posted.refresh).toEqual({ action: refreshAction });
    const actionable = buildApprovalCard({ ...demoApproval, refreshUserIds: [], view: 'actionable', locale: 'en' });
    expect(actionable.refresh).toEqual({ action: refreshAction, userIds: [] });
  });

  it('keeps at most 60 refresh users', () => {
    const many = Array.from({ length: 75 }, (_, i) => `29:u${i}`);
    const posted = buildApprovalCard({ ...demoApproval, refreshUserIds: many, view: 'posted', locale: 'en' });
    expect(posted.refresh?.userIds).toEqual(many.slice(0, 60));
  });
});

describe('buildApprovalCard (no approvers configured)', () => {
  const none = { ...demoApproval, approverMentions: [], refreshUserIds: [], approversStatus: 'none-configured' as const };

  it.each([
    ['en', 'No approvers are configured: set APPROVERS'],
    ['ja', '承認者が設定されていません: APPROVERS を設定してください'],
  ] as const)('says so in %s, in place of the approvers line', (locale, text) => {
    const card = buildApprovalCard({ ...none, view: 'readonly', locale });
    const line = ofType(card, 'TextBlock').find((t) => String(t.text).startsWith(text));
    expect(line).toMatchObject({ color: 'Attention', weight: 'Bolder' });
    expect(visibleText(card)).not.toMatch(/any user allowed to approve|リクエスト者以外/);
    expect(validateCard(card)).toEqual([]);
  });

  it('posted: nobody can approve, so no refresh and no open-controls button', () => {
    const card = buildApprovalCard({ ...none, view: 'posted', locale: 'en' });
    expect(card).not.toHaveProperty('refresh');
    expect(card).not.toHaveProperty('actions');
    expect(validateCard(card)).toEqual([]);
  });

  it('mentions nobody even if mentions are passed', () => {
    const card = buildApprovalCard({ ...none, approverMentions: demoApproval.approverMentions, view: 'readonly', locale: 'en' });
    expect(card.msteams?.entities).toBeUndefined();
    expect(visibleText(card)).not.toContain('<at>');
  });

  it('actionable keeps the card contract: approve/reject with only the id, confirm, ack when warnings', () => {
    const card = buildApprovalCard({ ...none, view: 'actionable', locale: 'en' });
    expect(visibleText(card)).toContain('No approvers are configured');
    for (const a of ofType(card, 'Action.Execute')) expect(a.data).toEqual({ requestId: demoApproval.request.id });
    expect(card.actions?.map((a) => a.verb)).toEqual(['approve', 'reject']);
    expect(ofType(card, 'Input.Text')[0]).toMatchObject({ id: 'confirm' });
    expect(ofType(card, 'Input.Toggle')[0]).toMatchObject({ id: 'ack', valueOn: 'true' });
    expect(validateCard(card)).toEqual([]);
  });
});

describe('buildDecidedCard', () => {
  it.each(['approved', 'rejected', 'expired', 'cancelled', 'failed'] as const)('%s: who, when, no actions', (decision) => {
    const card = buildDecidedCard({ ...demoDecided, decision, reason: 'freeze', locale: 'en' });
    const text = visibleText(card);
    expect(text).toContain(`${decision} by Ben Carter at 2025-06-02 01:32 UTC`);
    expect(text).toContain('Reason: freeze');
    expect(card).not.toHaveProperty('actions');
    expect(ofType(card, 'Input.Text')).toEqual([]);
    expect(validateCard(card)).toEqual([]);
  });

  it('says a dry run sent nothing', () => {
    const text = visibleText(buildDecidedCard({ ...demoDecided, dryRun: true, locale: 'en' }));
    expect(text).toMatch(/DRY RUN/);
  });
});

describe('buildRefusalCard', () => {
  it('shows the catalogue text, the specific message and the code', () => {
    const text = visibleText(buildRefusalCard({ code: 'blocker-appeared', message: 'overlay-network-policy: calico', locale: 'en' }));
    expect(text).toContain('A blocker appeared');
    expect(text).toContain('overlay-network-policy: calico');
    expect(text).toContain('blocker-appeared');
  });

  it('backToApproval: one Action.Execute refresh carrying only the request id, titled in the card language', () => {
    const en = buildRefusalCard({ code: 'confirm-mismatch', backToApproval: { requestId: 'req-9' }, locale: 'en' });
    expect(en.actions).toEqual([{ type: 'Action.Execute', title: 'Back to the approval card', verb: 'refresh', data: { requestId: 'req-9' } }]);
    expect(validateCard(en)).toEqual([]);
    const ja = buildRefusalCard({ code: 'ack-missing', backToApproval: { requestId: 'req-9' }, locale: 'ja' });
    expect(ja.actions?.[0]).toMatchObject({ title: '承認カードに戻る', verb: 'refresh', data: { requestId: 'req-9' } });
    expect(buildRefusalCard({ code: 'confirm-mismatch', locale: 'en' }).actions).toBeUndefined();
  });

  it('no-approvers has its own catalogue text', () => {
    expect(visibleText(buildRefusalCard({ code: 'no-approvers', locale: 'en' }))).toContain('No approvers are configured: set APPROVERS');
    expect(visibleText(buildRefusalCard({ code: 'no-approvers', locale: 'ja' }))).toContain('承認者が設定されていません');
  });

  it('falls back to the message for unknown codes', () => {
    const card = buildRefusalCard({ code: 'weird', message: 'Something odd.', locale: 'ja' });
    expect(visibleText(card)).toContain('Something odd.');
    expect(validateCard(card)).toEqual([]);
  });
});

describe('approval card with a not-needed report', () => {
  it('still renders (no plan) and stays valid', () => {
    const card = buildApprovalCard({ ...demoApproval, report: ciliumNotNeeded, pools: [], view: 'actionable', locale: 'en' });
    expect(validateCard(card)).toEqual([]);
  });
});

describe('approval card for an incomplete migration (the same update again)', () => {
  it.each([['en', /incomplete \(this finishes the migration\)/], ['ja', /未完了 \(incomplete\)/]] as const)('%s: says it finishes the migration, lists the plan with podCidrs and asks to acknowledge the finding', (locale, word) => {
    const card = buildApprovalCard({ ...demoApproval, report: overlayIncomplete, view: 'actionable', locale });
    expect(validateCard(card)).toEqual([]);
    const text = visibleText(card);
    expect(text).toMatch(word);
    expect(text).toContain('migration-incomplete');
    expect(ofType(card, 'FactSet').flatMap((f) => f.facts as { title: string; value: string }[]))
      .toEqual(expect.arrayContaining([{ title: 'podCidr', value: '10.244.0.0/16' }, { title: 'podCidrs', value: '10.244.0.0/16' }]));
    expect(ofType(card, 'Input.Toggle').map((t) => t.id)).toEqual(['ack']);
    expect(text).toContain(overlayIncomplete.plan!.azCommand);
  });
});
