// Azure failures a user can cause or meet, over HTTP against the emulator: a subscription that does not
// exist, ARM throttling, and a subscription outside the configured scope each get a clear, localised
// answer well inside a Teams turn, never "something went wrong".
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClusterDirectory } from '../../services/azure/cluster-directory.ts';
import { cardOf, cardText, startHarness, writeTestFleet, type Harness } from './harness.ts';

const DEMO_SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const NO_SUB = '00000000-0000-0000-0000-000000000000';
const OTHER_SUB = '11111111-2222-3333-4444-555555555555';
const legacyId = (sub: string) => `/subscriptions/${sub}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** The one reply's card text, after asserting there is exactly one reply and it is not the turn error. */
async function answer(text: string, locale = 'en-US'): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  const r = await h!.say(text, { locale });
  const ms = Date.now() - started;
  expect(r.status).toBe(200);
  expect(r.replies).toHaveLength(1);
  const card = cardOf(r.replies[0]);
  const all = `${String(r.replies[0].body?.text ?? '')}\n${card ? cardText(card) : ''}`;
  expect(all).not.toMatch(/something went wrong|内部でエラー/i);
  return { text: all, ms };
}

/** Paths of every request the emulator served (`GET /_emulator/log`, trusting its CA). */
function emulatorPaths(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    https.get(`${h!.backend.emulatorUrl}/_emulator/log`, { ca: h!.backend.clients.caPem }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => {
        try {
          resolve((JSON.parse(body) as { path: string }[]).map((e) => e.path));
        } catch (err) {
          reject(err as Error);
        }
      });
    }).on('error', reject);
  });
}

describe('a subscription the identity cannot read', () => {
  it('check -s with an unknown subscription answers with the hint in English, within a few seconds', async () => {
    h = await startHarness();
    const { text, ms } = await answer(`check aks-legacy -s ${NO_SUB}`);
    expect(text).toContain('Subscription not found');
    expect(text).toContain(NO_SUB);
    expect(text).toMatch(/Check the subscription id .*Reader role/);
    expect(ms).toBeLessThan(8_000);
  });

  it('answers in Japanese, also for a resource id naming the bad subscription', async () => {
    h = await startHarness();
    const ja = await answer(`aks-legacy をチェック -s ${NO_SUB}`, 'ja-JP');
    expect(ja.text).toContain('サブスクリプションが見つかりません');
    expect(ja.text).toContain('閲覧者 (Reader) ロール');
    expect(ja.ms).toBeLessThan(8_000);
    const byId = await answer(`check ${legacyId(NO_SUB)}`);
    expect(byId.text).toContain('Subscription not found');
  });
});

describe('ARM throttling on the cluster list', () => {
  it('answers "try again in N s" from Retry-After instead of waiting for it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'np-throttle-'));
    const fleetPath = writeTestFleet(dir);
    const fleet = JSON.parse(readFileSync(fleetPath, 'utf8')) as Record<string, unknown>;
    // One list page, then a token every 20 s: the list's next page is answered 429 Retry-After 20
    // (the SDK alone would wait and retry for up to a minute).
    fleet.emulator = { faults: { throttle: { clusterList: { size: 1, refillPerSecond: 0.05 } } } };
    writeFileSync(fleetPath, JSON.stringify(fleet));
    h = await startHarness({ env: { NETPILOT_FLEET: fleetPath } });
    const en = await answer('list clusters');
    expect(en.text).toContain('Azure is busy');
    const seconds = Number(/Try again in (\d+) s\./.exec(en.text)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(15);
    expect(seconds).toBeLessThanOrEqual(20);
    expect(en.ms).toBeLessThan(8_000);
    const ja = await answer('aks-legacy をチェック', 'ja-JP');
    expect(ja.text).toMatch(/\d+ 秒後にもう一度お試しください/);
    expect(ja.ms).toBeLessThan(8_000);
    const lists = (await emulatorPaths()).filter((p) => /\/managedClusters$/i.test(p));
    expect(lists.length).toBeGreaterThanOrEqual(2);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('ARM throttling while reading the cluster', () => {
  it('answers "try again in N s" instead of letting the SDK wait out Retry-After', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'np-throttle-'));
    const fleetPath = writeTestFleet(dir);
    const fleet = JSON.parse(readFileSync(fleetPath, 'utf8')) as Record<string, unknown>;
    // One GET per cluster, then a token every 20 s: the second check's GET is answered 429 Retry-After 20.
    fleet.emulator = { faults: { throttle: { clusterGet: { size: 1, refillPerSecond: 0.05 } } } };
    writeFileSync(fleetPath, JSON.stringify(fleet));
    // No snapshot reuse here: the second check must read the cluster again (reuse is tested below).
    h = await startHarness({
      env: { NETPILOT_FLEET: fleetPath },
      wrapServices: (s, backend) => ({ ...s, directory: createClusterDirectory({ clients: backend.clients, subscriptions: 'all', snapshotTtlMs: 0 }) }),
    });
    const first = await answer('check aks-legacy for overlay with pod cidr 192.168.0.0/16');
    expect(first.text).toMatch(/ready/i);
    const second = await answer('check aks-legacy for overlay with pod cidr 192.168.0.0/16');
    expect(second.text).toContain('Azure is busy');
    expect(second.text).toMatch(/Try again in (1\d|20) s\./);
    expect(second.ms).toBeLessThan(8_000);
    const gets = (await emulatorPaths()).filter((p) => /managedClusters\/aks-legacy$/i.test(p));
    expect(gets).toHaveLength(2);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a second check within seconds reuses the snapshot: no second GET, so the per-cluster budget is not spent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'np-throttle-'));
    const fleetPath = writeTestFleet(dir);
    const fleet = JSON.parse(readFileSync(fleetPath, 'utf8')) as Record<string, unknown>;
    fleet.emulator = { faults: { throttle: { clusterGet: { size: 1, refillPerSecond: 0.05 } } } };
    writeFileSync(fleetPath, JSON.stringify(fleet));
    h = await startHarness({ env: { NETPILOT_FLEET: fleetPath } });
    const first = await answer('check aks-legacy for overlay with pod cidr 192.168.0.0/16');
    expect(first.text).toMatch(/ready/i);
    const second = await answer('check aks-legacy for overlay with pod cidr 192.168.0.0/16');
    expect(second.text).toMatch(/ready/i);
    expect(second.text).not.toContain('Azure is busy');
    const gets = (await emulatorPaths()).filter((p) => /managedClusters\/aks-legacy$/i.test(p));
    expect(gets).toHaveLength(1);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a subscription outside the configured scope', () => {
  it('is refused with the scope message and no request names it', async () => {
    h = await startHarness({
      // The directory production rules build (backend.ts): scope = AZURE_SUBSCRIPTION_IDS.
      wrapServices: (s, backend) => ({ ...s, directory: createClusterDirectory({ clients: backend.clients, subscriptions: [DEMO_SUB] }) }),
    });
    const flag = await answer(`check aks-legacy -s ${OTHER_SUB}`);
    expect(flag.text).toContain('Subscription not allowed');
    expect(flag.text).toContain(OTHER_SUB);
    expect(flag.text).toContain(DEMO_SUB);
    const ja = await answer(`aks-legacy をチェック -s ${OTHER_SUB}`, 'ja-JP');
    expect(ja.text).toContain('許可されていないサブスクリプション');
    const byId = await answer(`upgrade ${legacyId(OTHER_SUB)} to overlay with pod cidr 192.168.0.0/16`);
    expect(byId.text).toContain('Subscription not allowed');
    // In scope still works.
    const ok = await answer(`check aks-legacy -s ${DEMO_SUB}`);
    expect(ok.text).toContain('aks-legacy');
    const paths = await emulatorPaths();
    expect(paths.some((p) => p.toLowerCase().includes(DEMO_SUB))).toBe(true);
    expect(paths.filter((p) => p.toLowerCase().includes(OTHER_SUB))).toEqual([]);
  });
});
