// Why a Kubernetes list could not be read, in one line (reader.ts `unavailableReason`).
import { describe, expect, it } from 'vitest';
import { unavailableReason } from '../../../services/kubernetes/reader.ts';

/** An error shaped like client-node's ApiException. */
const apiError = (code: number, headers: Record<string, string> = {}, body: unknown = {}) =>
  Object.assign(new Error(`HTTP-Code: ${code}`), { code, headers, body });
/** An error shaped like a node-fetch network failure. */
const netError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

describe('unavailableReason', () => {
  it('explains 403, 429 and unreachable reads for the unavailable list', () => {
    const forbidden = apiError(403, {}, JSON.stringify({ kind: 'Status', message: 'nodes is forbidden: User "x" cannot list resource "nodes"' }));
    expect(unavailableReason(forbidden, 'Kubernetes nodes')).toMatch(/^Kubernetes nodes: forbidden \(403\): nodes is forbidden: .*Grant NetPilot's identity/);
    expect(unavailableReason(apiError(429), 'Kubernetes nodes')).toMatch(/throttled \(429\) after retries/);
    expect(unavailableReason(netError('ECONNREFUSED'), 'Kubernetes nodes')).toMatch(/unreachable \(ECONNREFUSED\)/);
    expect(unavailableReason(apiError(500, {}, { message: 'boom' }), 'x')).toBe('x: HTTP 500: boom');
  });
});
