// `netpilot fleet` through the real entry point against the in-process emulator: JSON and CSV
// over the demo fleet (exit 0), a cluster ARM refuses to read (exit 1, listed), usage errors.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_FLEET_PATH } from '../../emulator/index.ts';
import { csvField, CSV_COLUMNS, parseFleetArgs, renderFleet } from '../../cli/fleet.ts';
import { englishSentences } from '../i18n/english-in-japanese.ts';
import type { FleetReadiness } from '../../services/planning/fleet-readiness.ts';
import { expectSpecVerdicts } from '../services/planning/spec-verdicts.ts';
import { cleanEnv, runCli, runMain, tempDir } from './spawn-netpilot.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fleet JSON is edited freely in tests

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';

/** RFC 4180 parse (quoted fields, doubled quotes, CRLF), enough to read the output back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

describe('netpilot fleet (live, in-process emulator)', () => {
  it('--json and --csv over the demo fleet (exit 0); a cluster ARM refuses is unread (exit 1)', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const fleet = JSON.parse(readFileSync(DEMO_FLEET_PATH, 'utf8')) as Json;
    const demo = join(dir, 'demo.json');
    writeFileSync(demo, JSON.stringify(fleet));
    const names = (fleet.clusters as Json[]).map((c) => c.cluster.name as string);
    const faulty = join(dir, 'faulty.json');
    writeFileSync(faulty, JSON.stringify({ ...fleet, emulator: { faults: { clusterErrors: { 'aks-old': 403 } } } }));
    const env = cleanEnv({ NETPILOT_DATA_DIR: join(dir, 'data'), LANG: 'C', NETPILOT_FLEET: demo });
    const [json, csv, broken] = await Promise.all([
      runCli(['fleet', '--json'], env, dir, 200_000),
      runCli(['fleet', '--csv', '-s', SUB], env, dir, 200_000),
      runCli(['fleet', '--json'], { ...env, NETPILOT_FLEET: faulty }, dir, 200_000),
    ]);

    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as FleetReadiness;
    expect(result.unread).toEqual([]);
    expect(result.clusters.map((c) => c.name).sort()).toEqual([...names].sort());
    expectSpecVerdicts(result.clusters);
    for (const c of result.clusters) {
      expect(c).toMatchObject({ resourceGroup: 'rg-demo', subscriptionId: SUB });
      expect(Object.keys(c.targets).sort()).toEqual(['cilium', 'overlay']);
      expect(c.kubernetesVersion).toMatch(/^1\.\d+\.\d+$/);
      expect('suggestedPodCidr' in c.targets.overlay).toBe(true);
    }
    const legacy = result.clusters.find((c) => c.name === 'aks-legacy')!;
    expect(legacy.targets.overlay).toMatchObject({ verdict: 'ready', podCidrAssumed: true, blockers: [] });

    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    const rows = parseCsv(csv.stdout);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + 2 * names.length);
    const col = (row: string[], name: (typeof CSV_COLUMNS)[number]): string => row[CSV_COLUMNS.indexOf(name)];
    for (const c of result.clusters) {
      for (const target of ['overlay', 'cilium'] as const) {
        const row = rows.find((r) => col(r, 'name') === c.name && col(r, 'target') === target);
        expect(row, `${c.name} ${target}`).toBeDefined();
        expect(col(row!, 'verdict')).toBe(c.targets[target].verdict);
        expect(col(row!, 'blockers')).toBe(c.targets[target].blockers.join(';'));
        expect(col(row!, 'mode')).toBe(c.mode);
        expect(col(row!, 'kubernetesVersion')).toBe(c.kubernetesVersion);
      }
    }

    expect(broken.code).toBe(1);
    const partial = JSON.parse(broken.stdout) as FleetReadiness;
    expect(partial.clusters.map((c) => c.name).sort()).toEqual(names.filter((n) => n !== 'aks-old').sort());
    expect(partial.unread).toHaveLength(1);
    expect(partial.unread[0].id).toBe(`/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-old`);
    expect(partial.unread[0].reason).toMatch(/forbidden \(403\)/);
  });
});

describe('netpilot fleet: usage, CSV quoting and the text table', () => {
  const saved = process.env.AZURE_SUBSCRIPTION_IDS;
  afterEach(() => {
    if (saved === undefined) delete process.env.AZURE_SUBSCRIPTION_IDS;
    else process.env.AZURE_SUBSCRIPTION_IDS = saved;
  });

  const bad: [string, string[], RegExp][] = [
    ['both formats', ['fleet', '--json', '--csv'], /--json or --csv, not both/],
    ['a positional', ['fleet', 'aks-legacy'], /unexpected arguments: aks-legacy/],
    ['unknown language', ['fleet', '--lang', 'de'], /unknown language "de"/],
    ['empty subscription', ['fleet', '-s', ' '], /-s needs a subscription id/],
  ];
  it.each(bad)('%s (exit 2, one line)', async (_name, args, message) => {
    const run = await runMain(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('-s outside AZURE_SUBSCRIPTION_IDS is refused before anything is read (exit 2)', async () => {
    process.env.AZURE_SUBSCRIPTION_IDS = SUB;
    const run = await runMain(['fleet', '-s', '11111111-1111-1111-1111-111111111111']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/subscription 11111111-1111-1111-1111-111111111111 is not in AZURE_SUBSCRIPTION_IDS/);
  });

  it('parses the format and language', () => {
    expect(parseFleetArgs(['--csv', '-s', SUB], {})).toEqual({ subscriptionId: SUB, format: 'csv', lang: 'en' });
    expect(parseFleetArgs([], { LANG: 'ja_JP.UTF-8' })).toEqual({ subscriptionId: undefined, format: 'text', lang: 'ja' });
  });

  it('quotes CSV fields holding commas, quotes or line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('x\ny')).toBe('"x\ny"');
    expect(csvField(null)).toBe('');
    expect(parseCsv(`${['a,b', 'say "hi"', 'plain'].map(csvField).join(',')}\r\n`)).toEqual([['a,b', 'say "hi"', 'plain']]);
  });

  it('text: one line per cluster, the assumed pod CIDR, then what was not read', () => {
    const fleet: FleetReadiness = {
      clusters: [{
        name: 'aks-a', resourceGroup: 'rg', subscriptionId: SUB, id: '/x', mode: 'node-subnet', dataplane: 'azure', networkPolicy: 'none',
        kubernetesVersion: '1.30.1', provisioningState: 'Succeeded',
        targets: { overlay: { verdict: 'ready', blockers: [], suggestedPodCidr: '100.64.0.0/21', podCidrAssumed: true }, cilium: { verdict: 'blocked', blockers: ['cilium-windows-pools'] } },
      }],
      unread: [{ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-b', reason: 'forbidden (403)' }],
    };
    const en = renderFleet(fleet, 'en').split('\n');
    expect(en[1]).toMatch(/^rg\/aks-a +node-subnet +1\.30\.1 +ready \(with pod CIDR 100\.64\.0\.0\/21\) +blocked: cilium-windows-pools$/);
    expect(en).toContain('1 cluster: overlay ready 1, cilium ready 0, unread 1');
    expect(en).toContain('not read: /subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-b: forbidden (403)');
    const ja = renderFleet(fleet, 'ja');
    expect(ja).toContain('ポッド CIDR 100.64.0.0/21 を仮定');
    expect(ja.split('\n')[1]).toMatch(/^rg\/aks-a +node-subnet +1\.30\.1 +移行可能（ポッド CIDR 100\.64\.0\.0\/21 を仮定） +ブロックあり: cilium-windows-pools$/);
    expect(ja).toContain('1 クラスター: オーバーレイ移行可能 1、Cilium 移行可能 0、未読 1');
    expect(ja.split('\n').flatMap((line) => englishSentences(line))).toEqual([]);
  });
});
