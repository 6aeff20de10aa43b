// `netpilot audit verify` run as a user runs it, against stores built and tampered with here.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { auditCommand } from '../../cli/audit.ts';
import { englishSentences } from '../i18n/english-in-japanese.ts';
import { DATABASE_FILE, openStore } from '../../services/store/index.ts';
import { cleanEnv, runCli, tempDir } from './spawn-netpilot.ts';

const CLUSTER = '/subscriptions/s1/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy';
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function storeWith(n: number): string {
  const dir = tempDir('np-audit-cli-');
  dirs.push(dir);
  const store = openStore(join(dir, 'data'));
  for (let i = 1; i <= n; i++) {
    store.audit.append({ kind: 'requested', requestId: `r${i}`, clusterId: CLUSTER, at: `2026-02-0${i}T10:00:00.000Z`, actor: { id: `u${i}`, name: 'U' } });
  }
  store.close();
  return dir;
}

function rawSql(dir: string, sql: string): void {
  const db = new Database(join(dir, 'data', DATABASE_FILE));
  db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
  db.exec(sql);
  db.close();
}

const verify = (dir: string) => runCli(['audit', 'verify'], cleanEnv({ NETPILOT_DATA_DIR: join(dir, 'data'), LC_ALL: 'en_US.UTF-8' }), dir);

describe('netpilot audit verify', { timeout: 120_000 }, () => {
  it('exits 0 with a one-line summary when the chain is intact', async () => {
    const dir = storeWith(3);
    const r = await verify(dir);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/audit chain intact: 3 entries, last #3 at 2026-02-03T10:00:00.000Z/);
  });

  it('exits 1 naming the entry changed with raw SQL', async () => {
    const dir = storeWith(3);
    rawSql(dir, `UPDATE audit SET actor_id = 'mallory' WHERE seq = 2`);
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/BROKEN at entry #2 \(2026-02-02T10:00:00.000Z\)/);
  });

  it('exits 1 when a row was deleted', async () => {
    const dir = storeWith(3);
    rawSql(dir, 'DELETE FROM audit WHERE seq = 1');
    const r = await verify(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/BROKEN at entry #2 .*missing/);
  });

  it('exits 2 when there is no store, and on bad usage', async () => {
    const dir = tempDir('np-audit-cli-');
    dirs.push(dir);
    const none = await verify(dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no store at .*netpilot\.db.*NETPILOT_DATA_DIR/);
    const bad = await runCli(['audit', 'check'], cleanEnv({ NETPILOT_DATA_DIR: join(dir, 'data') }), dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/usage: netpilot audit verify/);
  });
});

describe('netpilot audit verify --lang (in-process)', () => {
  afterEach(() => { vi.unstubAllEnvs(); vi.restoreAllMocks(); });

  async function run(dir: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
    vi.stubEnv('NETPILOT_DATA_DIR', join(dir, 'data'));
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out += String(chunk); return true; });
    const code = await auditCommand(['verify', ...args], env);
    return { code, out };
  }

  it('intact chain: English by default, Japanese with --lang ja or a Japanese LANG', async () => {
    const dir = storeWith(2);
    const en = await run(dir, [], { LANG: 'en_US.UTF-8' });
    expect(en).toMatchObject({ code: 0 });
    expect(en.out).toMatch(/^audit chain intact: 2 entries, last #2 at 2026-02-02T10:00:00.000Z, head [0-9a-f]{12} \(/);
    const ja = await run(dir, ['--lang', 'ja'], { LANG: 'en_US.UTF-8' });
    expect(ja.out).toMatch(/^監査チェーンは改ざんされていません: 2 件、最新 #2（2026-02-02T10:00:00.000Z）/);
    expect(englishSentences(ja.out)).toEqual([]);
    expect((await run(dir, [], { LANG: 'ja_JP.UTF-8' })).out).toMatch(/^監査チェーン/);
    expect((await run(dir, ['--lang', 'en'], { LANG: 'ja_JP.UTF-8' })).out).toMatch(/^audit chain intact/);
  });

  it('broken chain: exit 1 naming the entry and why, in Japanese', async () => {
    const dir = storeWith(3);
    rawSql(dir, `UPDATE audit SET actor_id = 'mallory' WHERE seq = 2`);
    const ja = await run(dir, ['--lang', 'ja']);
    expect(ja.code).toBe(1);
    expect(ja.out).toMatch(/エントリ #2（2026-02-02T10:00:00.000Z）: 内容がハッシュと一致しません/);
    expect(englishSentences(ja.out)).toEqual([]);
    const removed = storeWith(3);
    rawSql(removed, 'DELETE FROM audit WHERE seq = 3');
    expect((await run(removed, ['--lang', 'ja'])).out).toMatch(/末尾のエントリ #3\.\.#3 が削除されています/);
    expect((await run(removed, ['--lang', 'en'])).out).toMatch(/entries #3\.\.#3 were removed from the end of the trail/);
  });

  it('an unknown language is bad usage', async () => {
    const dir = storeWith(1);
    await expect(run(dir, ['--lang', 'fr'])).rejects.toThrow(/unknown language "fr"/);
  });
});
