// Setup file of the `unit` vitest project: a unit test opens no network connection, starts no
// server and spawns no process. Any attempt throws where it happens and fails the file at the end
// (even when the code under test caught the error). Such a test belongs to the `integration` project.
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { afterAll, expect } from 'vitest';

/** What the file tried; the guard's own test empties it after provoking it on purpose. */
export const unitGuardViolations: string[] = [];

function refuse(what: string): never {
  const message = `a unit test ${what}: the file belongs to the integration project (remove it from UNIT_TESTS in vitest.config.ts)`;
  unitGuardViolations.push(message);
  throw new Error(message);
}

const SPAWNERS = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;
for (const name of SPAWNERS) {
  Object.defineProperty(childProcess, name, { value: () => refuse(`spawned a process (child_process.${name})`), writable: true });
}
syncBuiltinESMExports(); // `import { spawn } from 'node:child_process'` sees the guard too
net.Socket.prototype.connect = function connect(): never { return refuse('opened a network connection'); };
net.Server.prototype.listen = function listen(): never { return refuse('started a server (listen)'); };

afterAll(() => {
  expect(unitGuardViolations, 'network, server or child process use in a unit test').toEqual([]);
});
