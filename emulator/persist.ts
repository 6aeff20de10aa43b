// The emulator's state file: the mutable world (clusters and pools as served, operations with their
// finish times, nodes including surge nodes, the schedule of running operations, runCommand results)
// and the port, saved durably (temp file + fsync + rename) so a restarted emulator carries on where
// Azure would be. A changed fleet file wins over a saved world.
// One emulator per file writes (a lock file with its pid); others load it read-only.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { SavedWorld } from './world-types.ts';

/** Format number of the state file; other formats are ignored. */
export const STATE_FORMAT = 1;

/** What a state file holds. */
export interface StateFileContent {
  format: typeof STATE_FORMAT;
  /** sha256 of the fleet the world was built from. */
  fleetHash: string;
  /** The port the emulator listened on. */
  port?: number;
  savedAt: string;
  world: SavedWorld;
}

/** What reading a state file found. */
export type LoadedState =
  | { status: 'absent' }
  | { status: 'loaded'; world: SavedWorld; port?: number }
  | { status: 'ignored'; reason: string; port?: number };

const json = z.looseObject({});
const contentSchema = z.object({
  format: z.literal(STATE_FORMAT),
  fleetHash: z.string(),
  port: z.number().int().min(1).max(65535).optional(),
  savedAt: z.string(),
  world: z.object({
    clusters: z.array(z.looseObject({ subscriptionId: z.string(), resourceGroup: z.string(), name: z.string(), cluster: json,
      pools: z.array(json), token: z.string(), resourceVersion: z.number() })),
    operations: z.array(z.looseObject({ id: z.string(), status: z.string(), startTime: z.string() })),
    schedule: z.array(z.looseObject({ seq: z.number(), at: z.number(), cluster: z.string(), kind: z.string() })),
    seq: z.number(),
    commands: z.array(z.looseObject({ id: z.string(), cluster: z.string(), startedAt: z.number(), finishedAt: z.number(),
      provisioningState: z.enum(['Succeeded', 'Failed']), exitCode: z.number(), logs: z.string() })).optional(),
  }),
});

/** sha256 (hex) of a fleet's source text. */
export function fleetHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Reads a state file; a world built from another fleet (hash differs) or an unreadable file is ignored. */
export function readStateFile(path: string, expectedFleetHash: string): LoadedState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'absent' };
    return { status: 'ignored', reason: `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { status: 'ignored', reason: `${path}: not valid JSON (${(err as Error).message})` };
  }
  const port = portOf(raw);
  const parsed = contentSchema.safeParse(raw);
  if (!parsed.success) return { status: 'ignored', reason: `${path}: not an emulator state file of format ${STATE_FORMAT}`, port };
  if (parsed.data.fleetHash !== expectedFleetHash) return { status: 'ignored', reason: `${path}: the fleet changed since it was saved`, port };
  return { status: 'loaded', world: parsed.data.world as unknown as SavedWorld, port };
}

function portOf(raw: unknown): number | undefined {
  const port = (raw as { port?: unknown } | null)?.port;
  return typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

/** Writes `content` so that a crash leaves either the old or the new file: temp file, fsync, rename. */
export function writeStateFile(path: string, content: StateFileContent): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(content));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dir = openSync(dirname(path), 'r');
    try { fsyncSync(dir); } finally { closeSync(dir); }
  } catch { /* directory fsync is best effort (not supported everywhere) */ }
}

const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the writer lock of a state file (`<file>.lock` holding the pid); false when a live process
 * (or another emulator of this process) holds it. A lock left by a dead process is taken over. */
export function lockStateFile(path: string): boolean {
  const lock = `${path}.lock`;
  if (held.has(lock)) return false;
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const pid = Number.parseInt(safeRead(lock), 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return false;
    writeFileSync(lock, String(process.pid));
  }
  held.add(lock);
  return true;
}

/** Releases a lock taken by `lockStateFile`. */
export function unlockStateFile(path: string): void {
  const lock = `${path}.lock`;
  if (!held.delete(lock)) return;
  try {
    if (safeRead(lock) === String(process.pid)) unlinkSync(lock);
  } catch { /* already gone */ }
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Saves the world: at once when `urgent` (an operation was accepted), otherwise debounced. */
export class StateSaver {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  /** The last error of a debounced write, if any. */
  lastError: unknown;

  constructor(private readonly path: string, private readonly content: () => StateFileContent, private readonly debounceMs = 100) {}

  /** Records a change; writes now when `urgent`, else within `debounceMs`. */
  changed(urgent: boolean): void {
    this.dirty = true;
    if (urgent) {
      this.flush();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.flush();
      } catch (err) {
        this.dirty = true; // kept for the next change or close(); a timer must not crash the process
        this.lastError = err;
      }
    }, this.debounceMs);
    this.timer.unref();
  }

  /** Writes the state now (always, dirty or not). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = false;
    writeStateFile(this.path, this.content());
  }

  /** Writes pending changes and cancels the debounce timer. */
  close(): void {
    if (this.dirty || this.timer) this.flush();
  }
}
