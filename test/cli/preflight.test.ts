// `netpilot preflight` through the real entry point: usage errors (exit 2, one line), offline
// snapshot files exported from the demo fleet, and live runs against the in-process emulator.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { parsePreflightArgs, renderReport } from '../../cli/preflight.ts';
import type { PreflightReport } from '../../services/preflight/types.ts';

const repo = join(import.meta.dirname, '../..');
const bin = join(repo, 'bin/netpilot.mjs');
const work = mkdtempSync(join(tmpdir(), 'netpilot-preflight-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const env: NodeJS.ProcessEnv = { ...process.env, NETPILOT_DATA_DIR: join(work, 'data'), NO_COLOR: '1' };
for (const key of ['AZURE_SUBSCRIPTION_IDS', 'NETPILOT_EMULATOR_URL', 'NETPILOT_FLEET']) delete env[key];

interface Run { code: number; stdout: string; stderr: string }

function netpilot(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: work, env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the CLI in this process (same code path as the binary, minus the process start-up). */
async function inProcess(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { stdout += String(chunk); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { stderr += String(chunk); return true; });
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const fleet = JSON.parse(readFileSync(join(repo, 'emulator/fleets/demo.json'), 'utf8')) as { clusters: { cluster: { id: string } }[] };
const snapshotFiles = new Map<string, string>();
for (const snapshot of fleet.clusters) {
  const name = snapshot.cluster.id.split('/').pop()!;
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(snapshot, null, 2));
  snapshotFiles.set(name, file);
}

const TABLE: [string, 'overlay' | 'cilium', string, string?][] = [
  ['aks-legacy', 'overlay', 'blocked', 'overlay-pod-cidr-missing'], ['aks-legacy', 'cilium', 'blocked', 'cilium-windows-pools'],
  ['aks-kubenet', 'overlay', 'ready'], ['aks-kubenet', 'cilium', 'blocked', 'cilium-source-mode'],
  ['aks-calico', 'overlay', 'blocked', 'overlay-network-policy'], ['aks-calico', 'cilium', 'ready'],
  ['aks-podsubnet', 'overlay', 'blocked', 'overlay-source-mode'], ['aks-podsubnet', 'cilium', 'ready'],
  ['aks-ipmasq', 'overlay', 'blocked', 'overlay-ip-masq-agent-config'], ['aks-ipmasq', 'cilium', 'ready'],
  ['aks-old', 'overlay', 'blocked'], ['aks-old', 'cilium', 'blocked'],
  ['aks-overlay', 'overlay', 'not-needed'], ['aks-overlay', 'cilium', 'ready'],
  ['aks-cilium', 'overlay', 'not-needed'], ['aks-cilium', 'cilium', 'not-needed'],
  ['aks-busy', 'overlay', 'blocked', 'cluster-provisioning-state'], ['aks-busy', 'cilium', 'blocked'],
  ['aks-entra', 'overlay', 'blocked', 'overlay-pod-cidr-missing'], ['aks-entra', 'cilium', 'ready'],
  ['aks-private', 'overlay', 'blocked', 'overlay-pod-cidr-missing'], ['aks-private', 'cilium', 'ready'],
];

describe('netpilot preflight: bad usage and unreadable input (exit 2, one line)', () => {
  const bad: [string, string[], RegExp][] = [
    ['unknown flag', ['preflight', 'aks-legacy', '--target', 'overlay', '--frobnicate'], /Unknown option '--frobnicate'/],
    ['unknown target', ['preflight', 'aks-legacy', '--target', 'calico'], /unknown target "calico"/],
    ['missing target', ['preflight', 'aks-legacy'], /missing --target/],
    ['both snapshot and cluster', ['preflight', 'aks-legacy', '--snapshot', 'x.json', '--target', 'overlay'], /either --snapshot FILE or CLUSTER/],
    ['neither snapshot nor cluster', ['preflight', '--target', 'overlay'], /--snapshot FILE \(offline\) or a CLUSTER/],
    ['missing file', ['preflight', '--snapshot', 'nope.json', '--target', 'overlay'], /nope\.json: file not found/],
  ];
  it.each(bad)('%s', async (_name, args, message) => {
    const run = await inProcess(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('names the file and field of a not-JSON or wrong-shaped snapshot', async () => {
    const notJson = join(work, 'not-json.json');
    writeFileSync(notJson, '{ "cluster": ');
    const wrong = join(work, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ cluster: { name: 'x', properties: { networkProfile: {} } } }));
    const a = await netpilot('preflight', '--snapshot', notJson, '--target', 'overlay');
    const b = await inProcess('preflight', '--snapshot', wrong, '--target', 'cilium', '--json');
    expect([a.code, b.code]).toEqual([2, 2]);
    expect(a.stderr).toMatch(/not-json\.json: not valid JSON/);
    expect(b.stderr).toMatch(/wrong\.json: cluster\.id: /);
    expect(a.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('parses -g/-s and the options', () => {
    expect(parsePreflightArgs(['aks-legacy', '-g', 'rg-demo', '-s', 'sub', '--target', 'cilium', '--json'], {})).toEqual({
      target: 'cilium', podCidr: undefined, json: true, lang: 'en',
      source: { kind: 'live', cluster: 'aks-legacy', resourceGroup: 'rg-demo', subscriptionId: 'sub' },
    });
  });
});

describe('netpilot preflight --snapshot (offline, files exported from the demo fleet)', () => {
  it('matches the verdict table with exit codes 0/1 and the JSON report', async () => {
    // Every row in-process; one row per exit status through the real binary.
    const runs: Run[] = [];
    for (const [name, target] of TABLE) runs.push(await inProcess('preflight', '--snapshot', snapshotFiles.get(name)!, '--target', target, '--json'));
    const spawned = await Promise.all([0, 1, 12].map((i) => netpilot('preflight', '--snapshot', snapshotFiles.get(TABLE[i][0])!, '--target', TABLE[i][1], '--json')));
    spawned.forEach((run, k) => {
      const i = [0, 1, 12][k];
      expect(run.code).toBe(runs[i].code);
      expect(JSON.parse(run.stdout)).toEqual(JSON.parse(runs[i].stdout));
    });
    TABLE.forEach(([name, target, verdict, id], i) => {
      const run = runs[i];
      expect(run.stderr, `${name} ${target}`).toBe('');
      const report = JSON.parse(run.stdout) as PreflightReport;
      expect(report.verdict, `${name} ${target}`).toBe(verdict);
      expect(report.target).toBe(target);
      expect(report.cluster.name).toBe(name);
      expect(run.code, `${name} ${target}`).toBe(verdict === 'blocked' ? 1 : 0);
      if (id) expect(report.findings.map((f) => f.check)).toContain(id);
      if (verdict === 'not-needed') expect(report.plan).toBeNull();
      else expect(report.plan?.azCommand).toMatch(/^az aks update -g rg-demo -n /);
    });
  }, 120_000);

  it('a malformed pod CIDR is a finding (exit 1), not a usage error', async () => {
    const run = await inProcess('preflight', '--snapshot', snapshotFiles.get('aks-legacy')!, '--target', 'overlay', '--pod-cidr', '192.168.1.0/16', '--json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as PreflightReport;
    expect(report.findings.map((f) => f.check)).toContain('overlay-pod-cidr-invalid');
    expect(report.podCidr).toBe('192.168.1.0/16');
  });

  it('prints a readable report without --json: verdict first, no colour off a TTY', async () => {
    const run = await netpilot('preflight', '--snapshot', snapshotFiles.get('aks-calico')!, '--target', 'overlay');
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^BLOCKED {2}rg-demo\/aks-calico -> overlay/);
    expect(run.stdout).toContain('[overlay-network-policy]');
    expect(run.stdout.indexOf('Blockers')).toBeLessThan(run.stdout.indexOf('Plan'));
    expect(run.stdout).toContain('az aks update -g rg-demo -n aks-calico');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('colours the terminal report only when asked (TTY)', () => {
    const minimal: PreflightReport = {
      target: 'cilium', cluster: { name: 'a', resourceGroup: 'rg', mode: 'overlay', dataplane: 'azure', networkPolicy: 'none', kubernetesVersion: '1.30.0' },
      podCidr: null, verdict: 'ready', findings: [], passed: ['x'], notApplicable: [], plan: { azCommand: 'az aks update', networkProfile: {} },
    };
    expect(renderReport(minimal, true)).toContain('\u001b[32;1mREADY');
    expect(renderReport(minimal, false)).toMatch(/^READY {2}rg\/a -> cilium/);
  });
});

describe('netpilot preflight --snapshot: failed or partial migrations (incomplete, exit 1)', () => {
  // Snapshot files of test/fixtures/fleets/incomplete.json: aks-overlay Failed at the Overlay target,
  // aks-cilium at the Cilium target with one node not labelled.
  const incomplete = JSON.parse(readFileSync(join(repo, 'test/fixtures/fleets/incomplete.json'), 'utf8')) as { clusters: { cluster: { name: string } }[] };
  const file = (name: string): string => {
    const path = join(work, `incomplete-${name}.json`);
    writeFileSync(path, JSON.stringify(incomplete.clusters.find((c) => c.cluster.name === name)));
    return path;
  };

  it('a Failed cluster already at the target: incomplete in the JSON report, exit 1, with the same update as plan', async () => {
    const run = await netpilot('preflight', '--snapshot', file('aks-overlay'), '--target', 'overlay', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as PreflightReport;
    expect(report.verdict).toBe('incomplete');
    expect(report.findings.map((f) => [f.check, f.severity])).toEqual([['migration-incomplete', 'warning']]);
    expect(report.findings[0].detail).toContain('the last operation on cluster aks-overlay ended Failed');
    expect(report.findings[0].remediation).toContain('az aks update -g rg-demo -n aks-overlay');
    expect(report.podCidr).toBe('10.244.0.0/16');
    expect(report.plan).toEqual({
      networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '10.244.0.0/16', podCidrs: ['10.244.0.0/16'] },
      azCommand: 'az aks update -g rg-demo -n aks-overlay --subscription 6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00 --network-plugin azure --network-plugin-mode overlay --pod-cidr 10.244.0.0/16',
    });
    // the same cluster to Cilium: the Failed state blocks a new migration
    const cilium = await inProcess('preflight', '--snapshot', file('aks-overlay'), '--target', 'cilium', '--json');
    expect(cilium.code).toBe(1);
    expect((JSON.parse(cilium.stdout) as PreflightReport).verdict).toBe('blocked');
  });

  it('nodes not all labelled for the target: incomplete (text output, exit 1); the finished target stays not-needed (exit 0)', async () => {
    const path = file('aks-cilium');
    const text = await netpilot('preflight', '--snapshot', path, '--target', 'cilium');
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n')[0]).toMatch(/^INCOMPLETE {2}rg-demo\/aks-cilium -> cilium/);
    expect(text.stdout).toContain('[migration-incomplete]');
    expect(text.stdout).toContain('1 of 3 nodes do not carry kubernetes.azure.com/ebpf-dataplane=cilium: aks-system-88029809-vmss000002');
    expect(text.stdout).toContain('az aks update -g rg-demo -n aks-cilium --subscription 6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00 --network-dataplane cilium --network-policy cilium');
    expect(text.stdout).toContain('Sends the same update again');
    const json = await inProcess('preflight', '--snapshot', path, '--target', 'cilium', '--json');
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as PreflightReport).verdict).toBe('incomplete');
    const overlay = await inProcess('preflight', '--snapshot', path, '--target', 'overlay', '--json');
    expect(overlay.code).toBe(0);
    expect(JSON.parse(overlay.stdout)).toMatchObject({ verdict: 'not-needed', findings: [], passed: ['migration-incomplete'], plan: null });
  });
});

describe('netpilot preflight CLUSTER (live, in-process emulator with the demo fleet)', () => {
  // In-process runs read process.env: make sure they use the demo fleet, as the spawned ones do.
  const saved = new Map<string, string | undefined>();
  beforeAll(() => {
    for (const key of ['AZURE_SUBSCRIPTION_IDS', 'NETPILOT_EMULATOR_URL', 'NETPILOT_FLEET']) {
      saved.set(key, process.env[key]);
      delete process.env[key];
    }
  });
  afterAll(() => {
    for (const [key, value] of saved) if (value !== undefined) process.env[key] = value;
  });

  it('aks-legacy: ready with 192.168.0.0/16; blocked without, with a suggestion that gives ready; same report as offline', async () => {
    const [withCidr, without, offline] = await Promise.all([
      netpilot('preflight', 'aks-legacy', '-g', 'rg-demo', '--target', 'overlay', '--pod-cidr', '192.168.0.0/16', '--json'),
      inProcess('preflight', 'aks-legacy', '-g', 'rg-demo', '--target', 'overlay', '--json'),
      netpilot('preflight', '--snapshot', snapshotFiles.get('aks-legacy')!, '--target', 'overlay', '--pod-cidr', '192.168.0.0/16', '--json'),
    ]);
    expect(withCidr.code, withCidr.stderr).toBe(0);
    const ready = JSON.parse(withCidr.stdout) as PreflightReport;
    expect(ready.verdict).toBe('ready');
    expect(ready).toEqual(JSON.parse(offline.stdout));

    expect(without.code, without.stderr).toBe(1);
    const blocked = JSON.parse(without.stdout) as PreflightReport;
    expect(blocked.verdict).toBe('blocked');
    expect(blocked.findings.filter((f) => f.severity === 'blocker').map((f) => f.check)).toEqual(['overlay-pod-cidr-missing']);
    expect(blocked.suggestedPodCidr).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);

    const again = await inProcess('preflight', 'aks-legacy', '-g', 'rg-demo', '--target', 'overlay', '--pod-cidr', blocked.suggestedPodCidr!, '--json');
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as PreflightReport).verdict).toBe('ready');
  }, 180_000);

  it('aks-entra (Entra ID, no kubelogin on the PATH) and aks-private (private API server, runCommand): overlay ready with a pod CIDR, cilium ready, same as offline', async () => {
    const emptyBin = mkdtempSync(join(tmpdir(), 'netpilot-nopath-'));
    const noKubelogin = { ...env, PATH: emptyBin };
    const spawn = (...args: string[]) => new Promise<Run>((resolve) => {
      execFile(process.execPath, [bin, ...args], { cwd: work, env: noKubelogin, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0, stdout, stderr });
      });
    });
    try {
      const names = ['aks-entra', 'aks-private'];
      // Through the binary (as `npx netpilot ...`), both at once; the rest in-process.
      const live = await Promise.all(names.map((name) => spawn('preflight', name, '-g', 'rg-demo', '--target', 'overlay', '--pod-cidr', '192.168.0.0/16', '--json')));
      for (const [i, name] of names.entries()) {
        const overlay = live[i];
        expect(overlay.code, `${name}: ${overlay.stderr}`).toBe(0);
        const report = JSON.parse(overlay.stdout) as PreflightReport;
        expect(report.verdict, name).toBe('ready');
        expect(report.podCidr).toBe('192.168.0.0/16');
        expect(report.findings.filter((f) => f.unverified)).toEqual([]);
        const offline = await inProcess('preflight', '--snapshot', snapshotFiles.get(name)!, '--target', 'overlay', '--pod-cidr', '192.168.0.0/16', '--json');
        expect(report).toEqual(JSON.parse(offline.stdout));
        const cilium = await inProcess('preflight', name, '-g', 'rg-demo', '--target', 'cilium', '--json');
        expect(cilium.code, `${name}: ${cilium.stderr}`).toBe(0);
        expect((JSON.parse(cilium.stdout) as PreflightReport).verdict, name).toBe('ready');
      }
    } finally {
      rmSync(emptyBin, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('netpilot preflight --lang', () => {
  it('takes the language from --lang, else LC_ALL / LC_MESSAGES / LANG, and refuses an unknown one', () => {
    const base = ['--snapshot', 'x.json', '--target', 'overlay'];
    expect(parsePreflightArgs([...base, '--lang', 'ja'], { LANG: 'en_US.UTF-8' }).lang).toBe('ja');
    expect(parsePreflightArgs([...base, '--lang', 'en'], { LANG: 'ja_JP.UTF-8' }).lang).toBe('en');
    expect(parsePreflightArgs(base, { LANG: 'ja_JP.UTF-8' }).lang).toBe('ja');
    expect(parsePreflightArgs(base, { LC_ALL: 'C', LANG: 'ja_JP.UTF-8' }).lang).toBe('en');
    expect(parsePreflightArgs(base, {}).lang).toBe('en');
    expect(() => parsePreflightArgs([...base, '--lang', 'fr'], {})).toThrow(/unknown language "fr"/);
  });

  it('--json keeps every field, renders the finding texts in --lang and adds messageId + params', async () => {
    const file = snapshotFiles.get('aks-legacy')!;
    const en = JSON.parse((await inProcess('preflight', '--snapshot', file, '--target', 'overlay', '--json')).stdout) as PreflightReport & { findings: Record<string, unknown>[] };
    const ja = JSON.parse((await inProcess('preflight', '--snapshot', file, '--target', 'overlay', '--json', '--lang', 'ja')).stdout) as typeof en;
    const missingEn = en.findings.find((f) => f.check === 'overlay-pod-cidr-missing')!;
    const missingJa = ja.findings.find((f) => f.check === 'overlay-pod-cidr-missing')!;
    expect(Object.keys(missingEn).sort()).toEqual(['check', 'detail', 'docsUrl', 'messageId', 'params', 'remediation', 'severity', 'title', 'unverified']);
    expect(missingEn).toMatchObject({ title: 'No pod CIDR was given', messageId: 'overlay-pod-cidr-missing.suggested', params: { cluster: 'aks-legacy', suggested: en.suggestedPodCidr } });
    expect(missingJa).toMatchObject({ title: 'ポッド CIDR が指定されていません', messageId: missingEn.messageId, params: missingEn.params });
    expect(missingJa.detail).toContain(en.suggestedPodCidr);
    expect({ ...ja, findings: [] }).toEqual({ ...en, findings: [] });
  });

  it('prints the text report in Japanese with --lang ja', async () => {
    const run = await inProcess('preflight', '--snapshot', snapshotFiles.get('aks-legacy')!, '--target', 'overlay', '--lang', 'ja');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ブロックあり {2}rg-demo\/aks-legacy -> overlay/);
    expect(run.stdout).toContain('ポッド CIDR が指定されていません [overlay-pod-cidr-missing]');
    expect(run.stdout).toContain('対処: --pod-cidr ');
    expect(run.stdout).not.toMatch(/Blockers|Passed|fix:/);
  });
});
