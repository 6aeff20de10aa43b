// Synchronous calls to Azure Table Storage. The Store interfaces are synchronous (the SQLite store is),
// and callers rely on that inside `store.transaction`; so each call runs in a worker thread
// (table-worker.mjs, the real @azure/data-tables client) while this thread waits on a shared flag with
// Atomics.wait. One call at a time per store; a call blocks this thread for one storage round trip.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { AccessToken, TokenCredential } from '@azure/core-auth';

/** Scope of Azure Storage data-plane tokens (the same in every Azure cloud). */
export const STORAGE_SCOPE = 'https://storage.azure.com/.default';

/** One call the worker understands (see table-worker.mjs). */
export type BridgeCall =
  | { op: 'ensureTables'; table: string; tables: string[] }
  | { op: 'get'; table: string; pk: string; rk: string }
  | { op: 'create'; table: string; entity: object }
  | { op: 'update'; table: string; entity: object; mode: 'Merge' | 'Replace'; etag: string }
  | { op: 'upsert'; table: string; entity: object; mode: 'Merge' | 'Replace' }
  | { op: 'delete'; table: string; pk: string; rk: string; etag: string }
  | { op: 'list'; table: string; filter: string; top?: number }
  | { op: 'batch'; table: string; actions: unknown[] };

/** A storage call that failed; `statusCode` is the HTTP status when the service answered. */
export class StorageCallError extends Error {
  readonly statusCode?: number;
  readonly code?: string;
  constructor(message: string, statusCode?: number, code?: string) {
    super(message);
    this.name = 'StorageCallError';
    this.statusCode = statusCode;
    this.code = code;
  }
}

export interface BridgeOptions {
  connectionString?: string;
  accountUrl?: string;
  /** With `accountUrl`: the credential whose tokens the worker uses. */
  credential?: TokenCredential;
  allowInsecureConnection: boolean;
  /** Longest wait for one call, retries included (default 60 s). */
  timeoutMs?: number;
  /** Retries of the SDK pipeline per call (default 3). */
  retries?: number;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { message: string; statusCode?: number; code?: string } };

export class StorageBridge {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly timeoutMs: number;
  private nextId = 1;
  private token: AccessToken | null = null;
  private refresh?: NodeJS.Timeout;
  private closed = false;

  private constructor(private readonly options: BridgeOptions) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(new URL('./table-worker.mjs', import.meta.url), {
      workerData: {
        connectionString: options.connectionString, accountUrl: options.accountUrl,
        allowInsecureConnection: options.allowInsecureConnection, port: port2, retries: options.retries ?? 3,
      },
      transferList: [port2],
    });
    this.worker.unref();
    this.port.unref();
  }

  /** Starts the worker, waits until it loaded the SDK, and (account URL mode) gets a first token. */
  static async start(options: BridgeOptions): Promise<StorageBridge> {
    const bridge = new StorageBridge(options);
    await new Promise<void>((resolve, reject) => {
      bridge.worker.once('message', () => resolve());
      bridge.worker.once('error', reject);
      bridge.worker.once('exit', (code) => reject(new Error(`the storage worker exited with code ${code}`)));
    });
    if (options.credential) {
      try {
        await bridge.refreshToken();
      } catch (err) {
        await bridge.close();
        throw new Error(`Azure store: the Azure credential gave no Storage token (${STORAGE_SCOPE}): ${(err as Error).message.split('\n')[0]}`);
      }
    }
    return bridge;
  }

  private async refreshToken(): Promise<void> {
    const credential = this.options.credential!;
    const token = await credential.getToken(STORAGE_SCOPE);
    if (!token) throw new Error(`the Azure credential returned no token for ${STORAGE_SCOPE}`);
    this.token = token;
    if (this.closed) return;
    // Refresh five minutes before expiry (at least every minute); a failed refresh retries in 30 s
    // and calls keep the current token until it expires.
    const inMs = Math.max(60_000, token.expiresOnTimestamp - Date.now() - 5 * 60_000);
    this.refresh = setTimeout(() => {
      this.refreshToken().catch(() => {
        if (!this.closed) this.refresh = setTimeout(() => void this.refreshToken().catch(() => undefined), 30_000).unref();
      });
    }, inMs).unref();
  }

  /** Runs one call and returns its value; throws StorageCallError when storage refused or did not answer. */
  call<T>(call: BridgeCall): T {
    if (this.closed) throw new StorageCallError('the Azure store is closed');
    const id = this.nextId++;
    Atomics.store(this.flag, 0, 0);
    const token = this.token ? { token: this.token.token, expiresOnTimestamp: this.token.expiresOnTimestamp } : undefined;
    this.port.postMessage({ id, sab: this.flag.buffer, call: { ...call, ...(token ? { token } : {}) } });
    if (Atomics.wait(this.flag, 0, 0, this.timeoutMs) === 'timed-out') {
      throw new StorageCallError(`Azure Storage did not answer ${call.op} on table ${call.table} within ${this.timeoutMs} ms`);
    }
    for (;;) {
      const received = receiveMessageOnPort(this.port);
      if (!received) throw new StorageCallError(`no answer from the storage worker for ${call.op} on table ${call.table}`);
      const reply = received.message as Reply;
      if (reply.id !== id) continue; // a late answer to a call that timed out
      if (reply.ok) return reply.value as T;
      throw new StorageCallError(`Azure Storage ${call.op} on table ${call.table} failed: ${reply.error.message}`,
        reply.error.statusCode, reply.error.code);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.refresh);
    this.port.close();
    await this.worker.terminate();
  }
}
