// Benchmark 8: `check aks-legacy` POSTed to the running bot (startNetPilot: bot server, in-process
// emulator, store; playground off) until the preflight card reaches the local connector, against
// the Teams turn budget of about 15 s.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../bot/logger.ts';
import { startNetPilot } from '../bot/start.ts';
import { loadConfig } from '../services/config.ts';
import { startConnectorRecorder, type ConnectorRecorder } from './connector-recorder.ts';
import { counts, summarise, type BenchOptions, type BenchResult } from './measure.ts';

/** Name of this benchmark in the table and the JSON line. */
export const BOT_ROUND_TRIP = 'bot round trip: check aks-legacy';

/** The Teams turn budget (about 15 s per turn). */
export const TEAMS_TURN_BUDGET_MS = 15_000;

const BOT_ID = '28:netpilot-bench';

/** A Teams personal-chat message activity addressed to the bench bot. */
export function message(text: string, serviceUrl: string): Record<string, unknown> {
  return {
    type: 'message', id: `bench-${randomUUID()}`, channelId: 'msteams', serviceUrl, timestamp: new Date().toISOString(),
    locale: 'en-US', text,
    from: { id: '29:bench-user', name: 'Bench', aadObjectId: '00000000-0000-0000-0000-0000000000c3' },
    recipient: { id: BOT_ID, name: 'NetPilot' },
    conversation: { id: 'a:bench-personal', conversationType: 'personal', isGroup: false, tenantId: '00000000-0000-0000-0000-00000000aaaa' },
    channelData: { tenant: { id: '00000000-0000-0000-0000-00000000aaaa' } },
  };
}

/** One round trip: POST `text`, then wait for the reply; returns [reply ms, HTTP response ms]. */
export async function roundTrip(botUrl: string, connector: ConnectorRecorder, text = 'check aks-legacy'): Promise<[number, number]> {
  const activity = message(text, connector.url);
  const start = performance.now();
  const replied = connector.replyTo(String(activity.id), TEAMS_TURN_BUDGET_MS * 2);
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity),
  });
  await res.arrayBuffer();
  const answered = performance.now();
  if (res.status >= 300) throw new Error(`bot answered ${res.status}`);
  const at = await replied;
  return [at - start, answered - start];
}

/** p50/p95 of round trips (20 in a full run), with the turn budget beside them. */
export async function benchBotRoundTrip(options: BenchOptions): Promise<BenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'netpilot-bench-bot-'));
  const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
  const config = loadConfig({ NETPILOT_DATA_DIR: dataDir, NETPILOT_PLAYGROUND: '0' }, { cwd: dataDir, defaultEmulatorSpeed: 20 });
  const connector = await startConnectorRecorder();
  const app = await startNetPilot(config, { logger, port: 0 });
  try {
    const { warmup, iterations } = counts(options, { warmup: 2, iterations: 20 }, { warmup: 1, iterations: 3 });
    for (let i = 0; i < warmup; i += 1) await roundTrip(app.botUrl, connector);
    const replies: number[] = [];
    const http: number[] = [];
    for (let i = 0; i < iterations; i += 1) {
      const [reply, response] = await roundTrip(app.botUrl, connector);
      replies.push(reply);
      http.push(response);
    }
    const timing = summarise(replies);
    const httpP50 = summarise(http).p50Ms;
    const margin = timing.p95Ms > 0 ? TEAMS_TURN_BUDGET_MS / timing.p95Ms : 0;
    const within = timing.maxMs < TEAMS_TURN_BUDGET_MS;
    return {
      name: BOT_ROUND_TRIP, unit: 'turns', ...timing,
      figures: { budgetMs: TEAMS_TURN_BUDGET_MS, budgetMarginX: Number(margin.toFixed(1)), httpResponseP50Ms: Number(httpP50.toFixed(1)), connectorCalls: connector.received() },
      notes: [`Teams budget ${TEAMS_TURN_BUDGET_MS / 1000} s: p95 is ${margin.toFixed(0)}x under it${within ? '' : ' (EXCEEDED)'}; HTTP 200 p50 ${httpP50.toFixed(0)} ms`],
      flags: within ? [] : [`a round trip took ${timing.maxMs.toFixed(0)} ms, over the ${TEAMS_TURN_BUDGET_MS} ms Teams turn budget`],
    };
  } finally {
    await app.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
