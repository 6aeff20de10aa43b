// One contender of the cross-process race (race.ts): opens its own store instance on the shared data,
// says "ready", waits for "go" on stdin (sent when every contender is ready), then tries to win the same request version, milestone, lock,
// plan version, scheduled start and digest period.
// Prints one JSON line with what it won.
import { openAzureStore } from '../../../../services/store/azure/factory.ts';
import { openStore } from '../../../../services/store/index.ts';
import { CLUSTER } from './fixtures.ts';

const [kind, where, prefix, who] = process.argv.slice(2);
const store = kind === 'azure' ? await openAzureStore({ connectionString: where, tablePrefix: prefix }) : openStore(where);
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();
const approved = store.requests.update('r1', 1, { state: 'approved', updatedAt: who });
const claimed = store.milestones.claim('op1', 'finished', { who });
const locked = store.locks.acquire({ clusterId: CLUSTER, requestId: who, holder: { id: who, name: who }, acquiredAt: 't' }).ok;
const planned = store.plans.update('p1', 1, { state: 'done', updatedAt: who });
const settled = store.schedules.settle('r1', 'started', who);
const digested = store.digests.claim('c1', 'w1', who, '2026-01-01T00:00:00.000Z');
const seq = store.audit.append({ kind: 'approved', requestId: 'r1', clusterId: CLUSTER, at: 't', actor: { id: who, name: who } }).seq;
process.stdout.write(`${JSON.stringify({ who, approved, claimed, locked, planned, settled, digested, seq })}\n`);
store.close();
