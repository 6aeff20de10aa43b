// The Azure Tables side of the synchronous bridge (bridge.ts): runs in a worker thread, executes one
// table call per message with @azure/data-tables, posts the reply on the port, then wakes the caller,
// which waits with Atomics.wait. Plain JavaScript so it loads without the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { TableClient, TableServiceClient } from '@azure/data-tables';

const { connectionString, accountUrl, allowInsecureConnection, port, retries } = workerData;
/** Bearer token pushed by the main thread with each call (account URL + Azure credential mode). */
let token = null;
const credential = { getToken: async () => token };
const clientOptions = { allowInsecureConnection, retryOptions: { maxRetries: retries, retryDelayInMs: 200, maxRetryDelayInMs: 2000 } };
const clients = new Map();
let service = null;

function client(table) {
  let c = clients.get(table);
  if (!c) {
    c = connectionString
      ? TableClient.fromConnectionString(connectionString, table, clientOptions)
      : new TableClient(accountUrl, table, credential, clientOptions);
    clients.set(table, c);
  }
  return c;
}

/** Properties of an entity as stored (the SDK's metadata stripped, `etag` kept). */
function plain(entity) {
  const { timestamp: _t, 'odata.metadata': _m, ...rest } = entity;
  return rest;
}

const calls = {
  /** Creates the tables that do not exist yet (one listing, then one create per missing table). */
  async ensureTables({ tables }) {
    service ??= connectionString
      ? TableServiceClient.fromConnectionString(connectionString, clientOptions)
      : new TableServiceClient(accountUrl, credential, clientOptions);
    const existing = new Set();
    for await (const t of service.listTables()) existing.add(t.name);
    const created = [];
    for (const table of tables) {
      if (existing.has(table)) continue;
      await client(table).createTable();
      created.push(table);
    }
    return created;
  },
  async get({ table, pk, rk }) {
    try {
      return plain(await client(table).getEntity(pk, rk));
    } catch (err) {
      if (err?.statusCode === 404) return null;
      throw err;
    }
  },
  async create({ table, entity }) {
    const r = await client(table).createEntity(entity);
    return { etag: r.etag };
  },
  async update({ table, entity, mode, etag }) {
    const r = await client(table).updateEntity(entity, mode, { etag });
    return { etag: r.etag };
  },
  async upsert({ table, entity, mode }) {
    const r = await client(table).upsertEntity(entity, mode);
    return { etag: r.etag };
  },
  async delete({ table, pk, rk, etag }) {
    await client(table).deleteEntity(pk, rk, { etag });
    return null;
  },
  async list({ table, filter, top }) {
    const out = [];
    const pages = client(table).listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: top ?? 1000 });
    for await (const page of pages) {
      for (const e of page) {
        out.push(plain(e));
        if (top !== undefined && out.length >= top) return out;
      }
    }
    return out;
  },
  async batch({ table, actions }) {
    await client(table).submitTransaction(actions);
    return null;
  },
};

port.on('message', async ({ id, sab, call }) => {
  let reply;
  try {
    if (call.token) token = call.token;
    const fn = calls[call.op];
    if (!fn) throw new Error(`unknown storage call ${call.op}`);
    reply = { id, ok: true, value: await fn(call) };
  } catch (err) {
    const statusCode = err?.statusCode ?? err?.response?.status;
    reply = { id, ok: false, error: { message: String(err?.message ?? err).split('\n')[0], statusCode, code: err?.code } };
  }
  port.postMessage(reply);
  const flag = new Int32Array(sab);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
parentPort.postMessage('ready');
