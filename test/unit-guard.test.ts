// The unit project's guard (test/unit-guard.ts) refuses sockets, servers and child processes.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { unitGuardViolations } from './unit-guard.ts';

describe('unit guard', () => {
  it('refuses a spawn, a server and an outgoing connection, and records each', async () => {
    expect(() => spawn(process.execPath, ['--version'])).toThrow(/spawned a process/);
    expect(() => createServer().listen(0, '127.0.0.1')).toThrow(/started a server/);
    await expect(fetch('http://127.0.0.1:59999/')).rejects.toThrow();
    expect(unitGuardViolations.length).toBeGreaterThanOrEqual(3);
    expect(unitGuardViolations.some((v) => v.includes('network connection'))).toBe(true);
    unitGuardViolations.length = 0; // provoked on purpose: the file must not fail for it
  });
});
