// `netpilot plan` through the real entry point against the in-process emulator (demo fleet), its
// usage errors (exit 2, one line) and its text in English and Japanese.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET_PATH } from '../../emulator/index.ts';
import { parsePlanArgs, renderPlan } from '../../cli/plan.ts';
import { langFromEnv } from '../../i18n/cli-text.ts';
import { englishSentences } from '../i18n/english-in-japanese.ts';
import { loadFleetFile } from '../../services/cluster/load.ts';
import type { ClusterSnapshot } from '../../services/cluster/types.ts';
import { planPath, type PathPlan } from '../../services/planning/plan-path.ts';
import { cleanEnv, runCli, runMain, tempDir } from './spawn-netpilot.ts';

describe('netpilot plan CLUSTER (live, in-process emulator with the demo fleet)', () => {
  it('aks-kubenet --to cilium: overlay ready then cilium waiting (exit 0); aks-calico --to overlay: blocked (exit 1)', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const env = cleanEnv({ NETPILOT_DATA_DIR: join(dir, 'data'), LANG: 'C' });
    const [kubenet, calico] = await Promise.all([
      runCli(['plan', 'aks-kubenet', '--to', 'cilium', '--json'], env, dir, 150_000),
      runCli(['plan', 'aks-calico', '-g', 'rg-demo', '--to', 'overlay', '--json'], env, dir, 150_000),
    ]);
    expect(kubenet.stderr).toBe('');
    expect(kubenet.code).toBe(0);
    const plan = JSON.parse(kubenet.stdout) as PathPlan;
    expect(plan.goal).toBe('cilium');
    expect(plan.cluster).toMatchObject({ name: 'aks-kubenet', resourceGroup: 'rg-demo', mode: 'kubenet' });
    expect(plan.steps.map((s) => [s.target, s.state, s.blockers])).toEqual([['overlay', 'ready', []], ['cilium', 'waiting', []]]);
    expect(plan.steps[0].azCommand).toBe('az aks update -g rg-demo -n aks-kubenet --subscription 6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00 --network-plugin azure --network-plugin-mode overlay');

    expect(calico.stderr).toBe('');
    expect(calico.code).toBe(1);
    const blocked = JSON.parse(calico.stdout) as PathPlan;
    expect(blocked.steps).toHaveLength(1);
    expect(blocked.steps[0]).toMatchObject({ target: 'overlay', state: 'blocked' });
    expect(blocked.steps[0].blockers.map((b) => b.id)).toContain('overlay-network-policy');
    expect(blocked.steps[0].prerequisites.map((p) => p.id)).toContain('removePolicyEngine');
  });
});

describe('netpilot plan: bad usage (exit 2, one line)', () => {
  const bad: [string, string[], RegExp][] = [
    ['missing --to', ['plan', 'aks-kubenet'], /missing --to overlay\|cilium/],
    ['unknown goal', ['plan', 'aks-kubenet', '--to', 'calico'], /unknown goal "calico"/],
    ['missing cluster', ['plan', '--to', 'cilium'], /missing CLUSTER/],
    ['two clusters', ['plan', 'a', 'b', '--to', 'cilium'], /unexpected arguments: b/],
    ['unknown flag', ['plan', 'a', '--to', 'cilium', '--target', 'overlay'], /Unknown option '--target'/],
    ['unknown language', ['plan', 'a', '--to', 'cilium', '--lang', 'fr'], /unknown language "fr"/],
  ];
  it.each(bad)('%s', async (_name, args, message) => {
    const run = await runMain(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('parses -g/-s, --pod-cidr and the language (flag, else LANG)', () => {
    expect(parsePlanArgs(['aks-legacy', '-g', 'rg-demo', '-s', 'sub', '--to', 'overlay', '--pod-cidr', '192.168.0.0/16', '--json'], {})).toEqual({
      cluster: 'aks-legacy', resourceGroup: 'rg-demo', subscriptionId: 'sub', goal: 'overlay', podCidr: '192.168.0.0/16', json: true, lang: 'en',
    });
    expect(parsePlanArgs(['a', '--to', 'cilium'], { LANG: 'ja_JP.UTF-8' }).lang).toBe('ja');
    expect(parsePlanArgs(['a', '--to', 'cilium', '--lang', 'en'], { LANG: 'ja_JP.UTF-8' }).lang).toBe('en');
    expect(langFromEnv({ LANG: 'en_US.UTF-8', LC_ALL: 'ja_JP.UTF-8' })).toBe('ja');
  });
});

describe('netpilot plan: the text table', () => {
  let fleet: ClusterSnapshot[];
  beforeAll(async () => { fleet = await loadFleetFile(DEMO_FLEET_PATH); });
  const plan = (name: string, goal: 'overlay' | 'cilium', podCidr?: string): PathPlan =>
    planPath(fleet.find((s) => s.cluster.name === name)!, goal, { podCidr });

  it('English: one row per step, then what each open step needs, changes and runs', () => {
    const text = renderPlan(plan('aks-kubenet', 'cilium'), 'en');
    const lines = text.split('\n');
    expect(lines[0]).toBe('rg-demo/aks-kubenet -> Azure CNI Overlay + Cilium');
    expect(text).toMatch(/ 1 +Overlay +READY +~15 min +-\n/);
    expect(text).toMatch(/ 2 +Cilium +WAITING \(after step 1\) +~15 min +-\n/);
    expect(text).toContain('pod routes are removed from the route table aks-agentpool-74798960-routetable');
    expect(text).toContain('kube-proxy is removed from the nodes');
    expect(lines.at(-2)).toMatch(/^Next: step 1 \(Overlay\): az aks update -g rg-demo -n aks-kubenet .*--network-plugin-mode overlay$/);
    expect(text).not.toMatch(/\{\w+\}/);
  });

  it('Japanese: the same table with Japanese words; blockers and fixes by check id', () => {
    const text = renderPlan(plan('aks-calico', 'overlay', '192.168.0.0/16'), 'ja');
    expect(text).toContain('rg-demo/aks-calico -> Azure CNI オーバーレイ');
    expect(text).toMatch(/ 1 +オーバーレイ +ブロック +約 15 分 +overlay-network-policy\n/);
    expect(text).toContain('事前作業: calico を単独の更新でアンインストール: az aks update -g rg-demo -n aks-calico');
    expect(text).toContain('[overlay-network-policy] 対処: ');
    expect(text.trimEnd().split('\n').at(-1)).toBe('ステップ 1（オーバーレイ）はブロックされています。先にブロックを解消してください。');
    expect(text).not.toMatch(/\{\w+\}/);
  });

  it('Japanese plans of the demo fleet carry no English sentence (only ids, commands, CIDRs and product names)', () => {
    for (const snapshot of fleet) {
      for (const goal of ['overlay', 'cilium'] as const) {
        const text = renderPlan(planPath(snapshot, goal, {}), 'ja');
        expect(text.split('\n').flatMap((line) => englishSentences(line).map((run) => `${run} <= ${line}`))).toEqual([]);
      }
    }
    expect(englishSentences(renderPlan(plan('aks-kubenet', 'cilium'), 'en')).length).toBeGreaterThan(0);
  });

  it('all done: says there is nothing to do', () => {
    expect(renderPlan(plan('aks-cilium', 'cilium'), 'en')).toMatch(/ 2 +Cilium +DONE +- +-\n[\s\S]*Nothing to do/);
  });
});
