// Contract, part 4: real parallelism. Several processes, each with its own store instance on the same
// data (as several NetPilot instances), start at the same instant and race for one request version,
// one milestone, one cluster lock, one plan version, one scheduled start and one digest period: exactly one wins each; their audit appends form one intact chain.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { closeOpened, type StoreHarness } from './harness.ts';
import { plan, request, schedule } from './fixtures.ts';

const CHILD = fileURLToPath(new URL('./race-child.ts', import.meta.url));
const CONTENDERS = 3;

interface Result {
  who: string; approved: boolean; claimed: boolean; locked: boolean; planned: boolean; settled: boolean; digested: boolean; seq: number;
}

/** Starts one contender; `ready` resolves when it opened its store, `go()` releases it, `done` is its result. */
function contender(args: string[]): { ready: Promise<void>; go: () => void; done: Promise<Result> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => { markReady = r; });
  const done = new Promise<Result>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); if (out.includes('ready\n')) markReady(); });
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line));
      else reject(new Error(`contender ${args[3]} exited ${code}: ${err.slice(-800)}`));
    });
  });
  return { ready: Promise.race([ready, done.then(() => undefined)]), go: () => child.stdin.end('go\n'), done };
}

export function raceContract(h: StoreHarness): void {
  describe(`store contract (${h.name}): ${CONTENDERS} processes racing`, () => {
    afterEach(() => closeOpened());

    it('exactly one process wins the request version, the milestone, the lock, the plan, the start and the digest; the audit chain stays intact', { timeout: 120_000 }, async () => {
      const f = await h.fresh();
      const s = await f.open();
      s.requests.insert(request('r1'));
      s.plans.insert(plan('p1'));
      s.schedules.insert(schedule('r1'));
      const contenders = Array.from({ length: CONTENDERS }, (_, i) => contender([...f.childArgs, `p${i}`]));
      await Promise.all(contenders.map((c) => c.ready)); // every contender has opened its store
      for (const c of contenders) c.go();
      const results = await Promise.all(contenders.map((c) => c.done));
      expect(results.filter((r) => r.approved)).toHaveLength(1);
      expect(results.filter((r) => r.claimed)).toHaveLength(1);
      expect(results.filter((r) => r.locked)).toHaveLength(1);
      for (const won of ['planned', 'settled', 'digested'] as const) expect(results.filter((r) => r[won]), won).toHaveLength(1);
      expect(s.plans.get('p1')).toMatchObject({ state: 'done', version: 2, updatedAt: results.find((r) => r.planned)!.who });
      expect(s.schedules.get('r1')).toMatchObject({ state: 'started', updatedAt: results.find((r) => r.settled)!.who });
      expect(s.digests.getPost('c1', 'w1')).toMatchObject({ state: 'claimed', claimedAt: results.find((r) => r.digested)!.who });
      const winner = results.find((r) => r.approved)!.who;
      expect(s.requests.get('r1')).toMatchObject({ state: 'approved', version: 2, updatedAt: winner });
      expect(results.map((r) => r.seq).sort()).toEqual([1, 2, 3]);
      expect(await f.verifyAudit()).toMatchObject({ ok: true, entries: CONTENDERS });
    });
  });
}
