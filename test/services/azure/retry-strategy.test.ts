// ARM retries run in the SDK pipeline by NetPilot's one set of rules (services/azure/retry-strategy.ts):
// a real core-rest-pipeline retry policy over scripted wire answers, and the real clients against the
// emulator (the SDK's own policy would wait a throttle's full Retry-After; ours caps it).
import { createEmptyPipeline, createHttpHeaders, createPipelineRequest, RestError, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../../emulator/index.ts';
import { createAzureClients, EmulatorTokenCredential } from '../../../services/azure/clients.ts';
import { useArmRetry } from '../../../services/azure/retry-strategy.ts';
import { describeFailure } from '../../../services/retry/failure.ts';

type Answer = { status: number; headers?: Record<string, string> } | { network: string };

/** An HttpClient that answers from a script and records when each request came. */
function scripted(answers: Answer[]) {
  const times: number[] = [];
  const client: HttpClient = {
    async sendRequest(request: PipelineRequest) {
      times.push(Date.now());
      const a = answers.shift() ?? { status: 200 };
      if ('network' in a) throw new RestError(`connect ${a.network}`, { code: a.network, request });
      return { request, status: a.status, headers: createHttpHeaders(a.headers ?? {}), bodyAsText: '{}' };
    },
  };
  return { client, times };
}

async function send(answers: Answer[], options: Parameters<typeof useArmRetry>[1]) {
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy({ name: 'defaultRetryPolicy', sendRequest: (req, next) => next(req) }, { phase: 'Retry' });
  useArmRetry(pipeline, options);
  const s = scripted(answers);
  const response = await pipeline.sendRequest(s.client, createPipelineRequest({ url: 'https://127.0.0.1/x', method: 'GET' }));
  return { status: response.status, tries: s.times.length, times: s.times };
}

describe('ARM retry strategy', () => {
  it('never retries a 409 or 412, retries 5xx and network errors, gives up after maxRetries', async () => {
    expect(await send([{ status: 409 }], { maxRetries: 3, retryDelayInMs: 1 })).toMatchObject({ status: 409, tries: 1 });
    expect(await send([{ status: 412 }], { maxRetries: 3, retryDelayInMs: 1 })).toMatchObject({ status: 412, tries: 1 });
    expect(await send([{ status: 500 }, { network: 'ECONNRESET' }, { status: 200 }], { maxRetries: 3, retryDelayInMs: 1 }))
      .toMatchObject({ status: 200, tries: 3 });
    expect(await send([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }], { maxRetries: 2, retryDelayInMs: 1 }))
      .toMatchObject({ status: 503, tries: 3 });
  });

  it('honours Retry-After (seconds and retry-after-ms), capped at maxRetryDelayInMs', async () => {
    const waited = await send([{ status: 429, headers: { 'retry-after-ms': '300' } }], { retryDelayInMs: 1 });
    expect(waited.tries).toBe(2);
    expect(waited.times[1] - waited.times[0]).toBeGreaterThanOrEqual(290);
    const capped = await send([{ status: 429, headers: { 'retry-after': '3600' } }], { retryDelayInMs: 1, maxRetryDelayInMs: 50 });
    expect(capped).toMatchObject({ status: 200, tries: 2 });
    expect(capped.times[1] - capped.times[0]).toBeLessThan(1000);
  });

  it('the real read clients use it: a throttle asking 100 s is retried after the capped wait; write clients send once', async () => {
    const emu = await startEmulator({ faults: { throttle: { clusterGet: { size: 1, refillPerSecond: 0.01 } } } });
    try {
      const clients = createAzureClients({ endpoint: emu.url, scope: `${emu.url}/.default`, credential: new EmulatorTokenCredential(), caPem: emu.caPem,
        retry: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 20 } });
      const sub = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
      await clients.containerService(sub).managedClusters.get('rg-demo', 'aks-overlay');
      const started = Date.now();
      const err: unknown = await clients.containerService(sub).managedClusters.get('rg-demo', 'aks-overlay').catch((e: unknown) => e);
      expect(describeFailure(err)).toMatchObject({ status: 429, code: 'Throttled' });
      expect(describeFailure(err).retryAfterSeconds).toBeGreaterThanOrEqual(50); // the SDK's own policy would wait this long
      expect(Date.now() - started).toBeLessThan(10_000);
      await expect(clients.containerService(sub, 'write').managedClusters.get('rg-demo', 'aks-overlay')).rejects.toMatchObject({ statusCode: 429 });
      const statuses = emu.requests().filter((r) => /managedClusters\/aks-overlay$/i.test(r.path)).map((r) => r.status);
      expect(statuses).toEqual([200, 429, 429, 429, 429]);
    } finally {
      await emu.stop();
    }
  });
});
