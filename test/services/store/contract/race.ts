// Contract, part 4: real parallelism. Several processes, each with its own store instance on the same
// data (as several NetPilot instances), start at the same instant and race for one request version,
// one milestone and one cluster lock: exactly one wins each; their audit appends form one intact chain.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { closeOpened, type StoreHarness } from './harness.ts';
import { request } from './fixtures.ts';

const CHILD = fileURLToPath(new URL('./race-child.ts', import.meta.url));
const CONTENDERS = 3;

interface Result { who: string; approved: boolean; claimed: boolean; locked: boolean; seq: number }

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

    it('exactly one process wins the request version, the milestone and the lock; the audit chain stays intact', { timeout: 120_000 }, async () => {
      const f = await h.fresh();
      const s = await f.open();
      s.requests.insert(request('r1'));
      const contenders = Array.from({ length: CONTENDERS }, (_, i) => contender([...f.childArgs, `p${i}`]));
      await Promise.all(contenders.map((c) => c.ready)); // every contender has opened its store
      for (const c of contenders) c.go();
      const results = await Promise.all(contenders.map((c) => c.done));
      expect(results.filter((r) => r.approved)).toHaveLength(1);
      expect(results.filter((r) => r.claimed)).toHaveLength(1);
      expect(results.filter((r) => r.locked)).toHaveLength(1);
      const winner = results.find((r) => r.approved)!.who;
      expect(s.requests.get('r1')).toMatchObject({ state: 'approved', version: 2, updatedAt: winner });
      expect(results.map((r) => r.seq).sort()).toEqual([1, 2, 3]);
      expect(await f.verifyAudit()).toMatchObject({ ok: true, entries: CONTENDERS });
    });
  });
}
