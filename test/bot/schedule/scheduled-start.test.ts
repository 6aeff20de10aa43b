// Scheduled starts and the health summary, over real HTTP (bot with its CloudAdapter, local
// connector, emulator): the approver picks a time, the scheduler starts it when the injected clock
// gets there (also after a restart), a cluster changed before the time is not started (reason
// posted), a scheduled start can be cancelled, bad times are refused, and after each step the
// health summary names the pods that fail since the reimage.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cardText } from '../harness.ts';
import { aksClient } from '../../emulator/helpers.ts';
import { executeActions, postedApprovalCards, startApprovalRig, until, USERS, type ApprovalRig } from '../approval/approval-harness.ts';

let rig: ApprovalRig;
beforeAll(async () => {
  // 12 h to approve, so the demo's daily maintenance window (01:00-09:00 Tokyo) can be chosen.
  rig = await startApprovalRig({ APPROVAL_TTL_MINUTES: '720' });
});
afterAll(async () => {
  await rig?.stop();
});
afterEach(async () => {
  await rig.app.approvals.drain();
  await rig.app.watcher.idle();
});

/** Texts the bot posted into the channel thread, in order. */
const threadTexts = (): string[] => rig.connector.activities
  .filter((a) => a.kind !== 'update' && typeof a.body?.text === 'string').map((a) => String(a.body?.text));

/** Requests `text` in the channel and returns the posted approval card's request id and activity id. */
async function request(text: string): Promise<{ requestId: string; id: string }> {
  const before = postedApprovalCards(rig.connector).length;
  await rig.say(text, { conversation: 'channel' });
  const cards = postedApprovalCards(rig.connector);
  expect(cards).toHaveLength(before + 1);
  return cards[cards.length - 1];
}

async function approve(posted: { requestId: string; id: string }, cluster: string, extra: Record<string, unknown>) {
  return rig.click('approve', { requestId: posted.requestId, confirm: cluster, ack: 'true', ...extra },
    { conversation: 'channel', user: USERS.approver, replyToId: posted.id });
}

describe('scheduled start', () => {
  it('offers now, the next window and a picked time; a picked time waits, then the scheduler starts it', async () => {
    const posted = await request('enable cilium on aks-overlay');
    const view = await rig.click('refresh', { requestId: posted.requestId }, { conversation: 'channel', user: USERS.approver });
    const choiceSet = JSON.stringify(view.card).match(/"id":"startChoice"/);
    expect(choiceSet).not.toBeNull();
    expect(JSON.stringify(view.card)).toContain('"type":"Input.Date"');
    expect(JSON.stringify(view.card)).toContain('"type":"Input.Time"');
    // aks-overlay's window (first Sunday of the month) is after this request expires: said, not offered.
    expect(cardText(view.card)).toMatch(/opens after this request expires/);
    expect(JSON.stringify(view.card)).not.toContain('"value":"window"');

    const approved = await approve(posted, 'aks-overlay', { startChoice: 'time', startDate: '2026-03-01', startTime: '10:00' });
    expect(cardText(approved.card)).toContain('Starts at 2026-03-01 10:00 +00:00');
    await rig.app.approvals.drain();
    expect(rig.puts('aks-overlay').all).toBe(0);
    expect(rig.app.approvals.get(posted.requestId)?.state).toBe('approved');
    const status = await rig.say('status');
    expect(status.replies.map((r) => String(r.body?.text)).join('\n')).toMatch(/Scheduled starts[\s\S]*aks-overlay to Cilium: starts 2026-03-01 10:00 \+00:00 \(picked time\)/);

    rig.clock.advanceMinutes(59);
    await rig.app.scheduler.runDue();
    expect(rig.puts('aks-overlay').all).toBe(0);
    rig.clock.advanceMinutes(2);
    await until(() => rig.puts('aks-overlay').accepted === 1, 'the scheduled PUT of aks-overlay');
    await until(() => threadTexts().some((t) => /Health of aks-overlay after the Cilium step/.test(t)), 'the health summary');
    const texts = threadTexts();
    expect(texts.some((t) => t.startsWith('Scheduled start of aks-overlay (Cilium): the preflight and the eTag check passed again'))).toBe(true);
    expect(texts.some((t) => /succeeded/.test(t))).toBe(true);
    const health = texts.find((t) => /Health of aks-overlay/.test(t))!;
    expect(health).toContain('all good');
    expect(health).toContain('Nodes: 4 of 4 labelled for Cilium, Ready and schedulable.');
    expect(health).toContain('System pods cilium ready: 4 of 4 Linux nodes.');
    expect(health).toContain('Pods not running: 0 now, 0 before the step.');
    expect(rig.puts('aks-overlay')).toEqual({ all: 1, accepted: 1 });
  });

  it('refuses a past, malformed or too late time and a window that opens after the expiry, and leaves the request pending', async () => {
    const posted = await request('upgrade aks-legacy to overlay with pod cidr 192.168.0.0/16');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ startChoice: 'time', startDate: '2026-03-01', startTime: '08:00' }, /has already passed/],
      [{ startChoice: 'time', startDate: '2026-03-01', startTime: '8 pm' }, /date or time is not valid/],
      [{ startChoice: 'time', startDate: '2026-03-02', startTime: '23:00' }, /after this request expires/],
      [{ startChoice: 'time' }, /fill in both the date and the time/],
      [{ startChoice: 'window' }, /maintenance window \(2026-03-07 22:00 \+09:00\) opens after this request expires/],
      [{ startChoice: 'tomorrow' }, /Choose when to start/],
    ];
    for (const [inputs, said] of cases) {
      const r = await approve(posted, 'aks-legacy', inputs);
      expect(cardText(r.card), JSON.stringify(inputs)).toMatch(said);
      expect(executeActions(r.card).map((a) => a.verb)).toContain('refresh');
    }
    expect(rig.app.approvals.get(posted.requestId)?.state).toBe('pending');
    expect(rig.puts('aks-legacy').all).toBe(0);
    await rig.say('cancel aks-legacy', { conversation: 'channel' });
  });

  it('a scheduled start in the maintenance window can be cancelled before it starts', async () => {
    const posted = await request('migrate aks-kubenet to overlay');
    const approved = await approve(posted, 'aks-kubenet', { startChoice: 'window' });
    // the window opens at 01:00 Tokyo = 16:00 UTC
    expect(cardText(approved.card)).toContain('Starts in the maintenance window at 2026-03-02 01:00 +09:00');
    const cancelled = await rig.say('cancel aks-kubenet', { conversation: 'channel' });
    expect(cancelled.replies.map((r) => String(r.body?.text)).join('\n')).toContain('The scheduled start of aks-kubenet');
    expect(rig.app.approvals.get(posted.requestId)?.state).toBe('cancelled');
    rig.clock.advanceMinutes(8 * 60);
    expect(await rig.app.scheduler.runDue()).toEqual([]);
    expect(rig.puts('aks-kubenet').all).toBe(0);
  });

  it('does not start a cluster that changed before the time, and says why in the thread', async () => {
    const posted = await request('upgrade aks-legacy to overlay with pod cidr 192.168.0.0/16');
    const at = new Date(rig.clock.now().getTime() + 30 * 60_000).toISOString();
    await approve(posted, 'aks-legacy', { startChoice: 'time', startDate: at.slice(0, 10), startTime: at.slice(11, 16) });
    expect(rig.app.approvals.get(posted.requestId)?.state).toBe('approved');
    // someone changes the cluster (a tag): its eTag moves
    const aks = aksClient(rig.emulator);
    const c = await aks.managedClusters.get('rg-demo', 'aks-legacy');
    await aks.managedClusters.beginCreateOrUpdateAndWait('rg-demo', 'aks-legacy', { ...c, tags: { ...c.tags, owner: 'someone-else' } },
      { ifMatch: c.eTag, updateIntervalInMs: 20 });
    const putsBefore = rig.puts('aks-legacy').all;
    rig.clock.advanceMinutes(31);
    const results = await rig.app.scheduler.runDue();
    expect(results).toEqual([{ requestId: posted.requestId, status: 'not-started', reason: 'cluster-changed' }]);
    expect(rig.puts('aks-legacy').all).toBe(putsBefore);
    expect(rig.app.approvals.get(posted.requestId)?.state).toBe('cancelled');
    await until(() => threadTexts().some((t) => t.includes('The scheduled start of aks-legacy (Azure CNI Overlay) did not happen: the cluster changed since the approval (eTag)')), 'the not-started notice');
    const history = await rig.say('history aks-legacy', { conversation: 'channel' });
    expect(JSON.stringify(history.replies.map((r) => r.body))).toContain('the scheduled start did not happen: the cluster changed since the approval');
  });

  it('survives a restart: the start comes due while NetPilot is down and runs when it is back', async () => {
    const posted = await request('upgrade aks-podsubnet to cilium');
    const at = new Date(rig.clock.now().getTime() + 20 * 60_000).toISOString();
    await approve(posted, 'aks-podsubnet', { startChoice: 'time', startDate: at.slice(0, 10), startTime: at.slice(11, 16) });
    await rig.restart();
    expect(rig.app.approvals.get(posted.requestId)?.state).toBe('approved'); // recovery left it alone
    expect(rig.puts('aks-podsubnet').all).toBe(0);
    rig.clock.advanceMinutes(25);
    await rig.restart();
    await until(() => rig.puts('aks-podsubnet').accepted === 1, 'the PUT after the restart');
    await until(() => rig.app.approvals.get(posted.requestId)?.state === 'succeeded', 'the migration of aks-podsubnet');
  });
});

describe('health summary after a step', () => {
  it('names the pods that fail since the reimage (aks-calico to Cilium)', async () => {
    const posted = await request('enable cilium on aks-calico');
    await approve(posted, 'aks-calico', { startChoice: 'now' });
    await until(() => threadTexts().some((t) => /Health of aks-calico after the Cilium step/.test(t)), 'the health summary', 20_000);
    const health = threadTexts().find((t) => /Health of aks-calico/.test(t))!;
    expect(health).toContain('needs attention');
    expect(health).toContain('System pods cilium ready: 5 of 5 Linux nodes.');
    expect(health).toContain('Pods not running: 1 now, 0 before the step.');
    expect(health).toMatch(/payments\/payments-api-6f5d4c8b7-t7y4u on aks-\S+: CrashLoopBackOff \(since the step\)/);
    expect(health).not.toContain('kube-proxy pods still present');
  });
});
