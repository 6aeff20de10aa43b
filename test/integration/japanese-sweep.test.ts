// The acceptance sweep of issue 12: everything the bot says for the demo fleet in Japanese (chat
// messages and every card, driven over HTTP through the real CloudAdapter, the emulator and a local
// connector), and the CLI's text output with --lang ja, contains no English sentence: only
// identifiers, commands, CIDRs and product names (detector: english-in-japanese.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { finalMessage, PROGRESS_CARDS } from '../../bot/proactive/render.ts';
import { friendlyError } from '../../services/migration/friendly-errors.ts';
import { terminalOutcome, unknownOutcome } from '../../services/migration/outcome.ts';
import type { OperationInfo } from '../../services/migration/types.ts';
import { cardOf, cardText, writeTestFleet } from '../bot/harness.ts';
import { postedApprovalCards, startApprovalRig, until, USERS, type ApprovalRig } from '../bot/approval/approval-harness.ts';
import { englishSentences } from '../i18n/english-in-japanese.ts';

const DEMO = ['aks-legacy', 'aks-kubenet', 'aks-calico', 'aks-podsubnet', 'aks-ipmasq', 'aks-old', 'aks-overlay', 'aks-cilium', 'aks-busy',
  'aks-entra', 'aks-private'];

/** Every line of `text` that carries an English sentence, with the sentence found. */
function leaks(where: string, text: string): string[] {
  return text.split('\n').flatMap((line) => englishSentences(line).map((s) => `${where}: «${s}» in: ${line.trim().slice(0, 200)}`));
}

let rig: ApprovalRig;
let work: string;
const ja = { locale: 'ja-JP' };
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'netpilot-sweep-'));
  const fleet = JSON.parse(readFileSync(writeTestFleet(work), 'utf8')) as unknown;
  rig = await startApprovalRig({ APPROVERS: USERS.approver.aadObjectId, BOT_EXECUTE: 'true' }, { fleet });
}, 120_000);
afterAll(async () => {
  await rig?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('Japanese sweep over the demo fleet', () => {
  it('chat: help, list, checks, errors, upgrade, refusals, approval, progress, final, status, history, cancel, subscribe, language', async () => {
    const channel = { ...ja, conversation: 'channel' as const };
    await rig.say('このチャンネルに通知', { ...channel, user: USERS.approver });
    for (const text of ['ヘルプ', 'クラスター一覧', '状態', '履歴 aks-legacy', 'キャンセル', '言語', 'なんとか かんとか']) await rig.say(text, ja);
    for (const name of DEMO) await rig.say(`${name} をチェック`, ja);
    await rig.say('aks-legacy をオーバーレイに移行 ポッドCIDR 10.0.0.0/33', ja); // bad CIDR
    await rig.say('aks-nothing をチェック', ja); // unknown cluster
    await rig.say('aks-kubenet をチェック', ja); // ambiguous (rg-demo and rg-other)
    await rig.say('aks-old をオーバーレイに移行', ja); // blocked: no request

    // a request that is withdrawn, then one that is refused in every way and finally approved
    await rig.say('aks-calico を Cilium にアップグレード', channel);
    await rig.say('aks-calico をキャンセル', channel);
    await rig.say('aks-ipmasq を Cilium にアップグレード', channel);
    const card = postedApprovalCards(rig.connector).at(-1)!;
    const asApprover = { ...channel, user: USERS.approver };
    const clicks = [
      await rig.click('approve', { requestId: card.requestId, confirm: 'aks-ipmasq', ack: 'true' }, { ...channel, user: USERS.requester }),
      await rig.click('approve', { requestId: card.requestId, confirm: 'aks-legacy', ack: 'true' }, asApprover),
      await rig.click('approve', { requestId: card.requestId, confirm: 'aks-ipmasq' }, asApprover),
      await rig.click('approve', { requestId: 'nope' }, asApprover),
      await rig.click('refresh', { requestId: card.requestId }, asApprover),
      await rig.click('approve', { requestId: card.requestId, confirm: 'aks-ipmasq', ack: 'true' }, asApprover),
    ];
    await until(() => rig.connector.activities.some((r) => /成功|失敗/.test(String(r.body?.text ?? '')) && /aks-ipmasq/.test(String(r.body?.text ?? ''))),
      'the final message', 60_000);
    await rig.say('状態 aks-ipmasq', ja);
    await rig.say('履歴 aks-ipmasq', ja);
    await rig.say('言語 日本語', ja);

    const found: string[] = [];
    let cards = 0;
    for (const r of rig.connector.activities) {
      if (!r.body) continue;
      found.push(...leaks(`${r.kind} text`, String(r.body.text ?? '')));
      const c = cardOf(r);
      if (c) { cards += 1; found.push(...leaks(`${r.kind} card`, cardText(c))); }
    }
    clicks.forEach((click, i) => { if (click.card) { cards += 1; found.push(...leaks(`click ${i} card`, cardText(click.card))); } });
    expect(cards).toBeGreaterThan(DEMO.length + 5);
    expect(clicks.filter((c) => c.card).length).toBe(clicks.length);
    expect(rig.connector.activities.some((r) => r.kind === 'update')).toBe(true); // the progress card, updated in place
    expect(found).toEqual([]);
  }, 240_000);

  it('final failure and unknown outcomes in Japanese (the final message and card the notifier posts)', () => {
    const op = { operationId: 'op-1', requestId: 'req-1', target: 'overlay', cluster: { name: 'aks-legacy', resourceGroup: 'rg-demo', id: '/x' } } as unknown as OperationInfo;
    const record = { clusterName: 'aks-legacy', resourceGroup: 'rg-demo', target: 'overlay' } as Parameters<typeof terminalOutcome>[0];
    const base = { at: '2026-03-01T10:00:00Z', durationSeconds: 1800, before: { networkPlugin: 'azure' }, after: { networkPlugin: 'azure' }, dryRun: false as const };
    const outcomes = [
      { ...base, status: 'failed' as const, verified: false, error: friendlyError({ code: 'UpgradeFailed', message: 'Drain of node aks-x blocked by PodDisruptionBudget payments/ledger-db' }) },
      terminalOutcome(record, base, 'Failed', false, undefined, 'Failed'),
      terminalOutcome(record, base, 'Succeeded', false, undefined, 'Succeeded'),
      unknownOutcome(record, base, 'not-confirmed', '404'),
      unknownOutcome(record, base, 'cluster-unreadable', 'timeout'),
    ];
    const found = outcomes.flatMap((o, i) => {
      const m = finalMessage(PROGRESS_CARDS, op, o, 'ja');
      return [...leaks(`final ${i} text`, m.text), ...leaks(`final ${i} card`, cardText(m.card))];
    });
    expect(found).toEqual([]);
    // the detector does see English: the same outcomes in English are flagged
    expect(leaks('en', finalMessage(PROGRESS_CARDS, op, outcomes[0], 'en').text).length).toBeGreaterThan(0);
  });

  it('CLI with --lang ja: preflight of every demo cluster for both targets, and usage errors', async () => {
    const fleet = JSON.parse(readFileSync(join(process.cwd(), 'emulator/fleets/demo.json'), 'utf8')) as { clusters: { cluster: { id: string } }[] };
    // the runs without --lang take Japanese from the environment (LC_ALL wins over LANG)
    vi.stubEnv('LC_ALL', 'ja_JP.UTF-8');
    const runs: { args: string[]; stdout: string; stderr: string }[] = [];
    const run = async (...args: string[]) => {
      let stdout = '';
      let stderr = '';
      const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => { stdout += String(c); return true; });
      const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => { stderr += String(c); return true; });
      try { await main(args); } finally { out.mockRestore(); err.mockRestore(); }
      runs.push({ args, stdout, stderr });
    };
    for (const snapshot of fleet.clusters) {
      const file = join(work, `${snapshot.cluster.id.split('/').pop()}.json`);
      writeFileSync(file, JSON.stringify(snapshot));
      for (const target of ['overlay', 'cilium']) await run('preflight', '--snapshot', file, '--target', target, '--lang', 'ja');
    }
    await run('preflight', '--snapshot', join(work, 'aks-legacy.json'), '--target', 'overlay', '--pod-cidr', '192.168.0.0/16');
    await run('preflight', '--target', 'overlay');
    await run('preflight', 'aks-legacy', '--target', 'mars');
    await run('preflight', 'aks-legacy', '--target', 'overlay', '--frobnicate');
    await run('plan', 'aks-legacy');
    await run('fleet', '--json', '--csv');
    await run('audit');
    await run('nonsense');
    await run('help');
    expect(runs.filter((r) => r.stdout.length > 0).length).toBeGreaterThanOrEqual(fleet.clusters.length * 2);
    expect(runs.filter((r) => r.stderr.length > 0).length).toBe(7);
    const found = runs.flatMap((r) => [...leaks(`${r.args.join(' ')} stdout`, r.stdout), ...leaks(`${r.args.join(' ')} stderr`, r.stderr)]);
    expect(found).toEqual([]);
    vi.unstubAllEnvs();
  }, 120_000);
});
