// ARM errors reach chat as ids + parameters: rendered in the reader's language, English only for
// outcomes stored before ids existed and for Azure's own message quoted as such.
import { describe, expect, it } from 'vitest';
import { renderFriendlyError } from '../../i18n/errors.ts';
import { friendlyError } from '../../services/migration/friendly-errors.ts';
import { englishSentences } from './english-in-japanese.ts';

const SAMPLES = [
  { code: 'PodDrainFailure', message: 'Drain of node x did not complete: Cannot evict pod as it would violate the pod\'s disruption budget (PodDisruptionBudget payments/api-pdb).' },
  { code: 'PodDrainFailure', message: 'drain failed' },
  { code: 'PreconditionFailed', message: 'etag mismatch' },
  { code: 'Throttled', message: 'too many' },
  { code: 'Conflict', message: 'Operation is not allowed because there is another operation in progress' },
  { code: 'CiliumDataplaneRequiresNetworkPolicyCilium', message: 'x' },
  { code: 'UnsupportedNetworkPluginModeWithNetworkPlugin', message: 'x' },
  { code: 'BadRequest', message: 'network policy must be removed before enabling overlay' },
];

describe('friendly ARM errors in Japanese', () => {
  it.each(SAMPLES.map((s) => [s.code, s] as const))('%s carries an id and renders without English sentences', (_code, arm) => {
    const e = friendlyError(arm);
    expect(e.messageId).toBeDefined();
    const ja = renderFriendlyError(e, 'ja');
    expect(englishSentences(`${ja.friendly}\n${ja.nextStep}`)).toEqual([]);
    expect(e).not.toHaveProperty('friendly');
    expect(e).not.toHaveProperty('nextStep');
    const en = renderFriendlyError(e, 'en');
    expect(en.friendly).not.toBe(ja.friendly);
    expect(en.nextStep.length).toBeGreaterThan(0);
  });

  it('names the PodDisruptionBudget and gives the patch command in both languages', () => {
    const e = friendlyError(SAMPLES[0]);
    expect(renderFriendlyError(e, 'ja').friendly).toContain('payments/api-pdb');
    expect(renderFriendlyError(e, 'ja').nextStep).toContain('kubectl patch pdb api-pdb -n payments');
  });

  it('appends Retry-After in the reader\'s language; an unknown error quotes Azure as the original text', () => {
    const e = { ...friendlyError({ code: 'Throttled' }), params: { retryAfter: 30 } };
    expect(renderFriendlyError(e, 'ja').nextStep).toMatch(/（Retry-After: 30 秒）$/);
    const unknown = renderFriendlyError(friendlyError({ code: 'Weird', message: 'Something odd happened' }), 'ja');
    expect(unknown.friendly).toBe('Azure がエラー Weird を返しました（原文: Something odd happened）');
  });

  it('an outcome stored without an id keeps its English text', () => {
    expect(renderFriendlyError({ code: 'X', message: 'm', friendly: 'Old text.', nextStep: 'Old step.' }, 'ja'))
      .toEqual({ friendly: 'Old text.', nextStep: 'Old step.' });
  });
});

describe('NetPilot\'s own failure explanations carry ids too', () => {
  it('an operation that ended without an error body renders in Japanese from error.no-body', async () => {
    const { terminalOutcome } = await import('../../services/migration/outcome.ts');
    const op = { clusterName: 'aks-legacy', target: 'overlay', resourceGroup: 'rg-demo' } as unknown as Parameters<typeof terminalOutcome>[0];
    const base = { at: '2026-01-01T00:00:00Z', durationSeconds: 1, before: {}, after: {}, dryRun: false as const };
    const outcome = terminalOutcome(op, base, 'Failed', false, undefined, 'Failed');
    expect(outcome.error?.messageId).toBe('error.no-body');
    const ja = renderFriendlyError(outcome.error!, 'ja');
    expect(ja.friendly).toContain('Failed');
    expect([...englishSentences(ja.friendly), ...englishSentences(ja.nextStep)]).toEqual([]);
    expect(renderFriendlyError(outcome.error!, 'en').friendly).toBe('The operation ended Failed and Azure gave no error details.');
    expect(outcome.error).not.toHaveProperty('friendly');
  });

  it('target not reached and unknown outcomes carry ids and parameters, no sentence', async () => {
    const { targetNotReached, unknownOutcome } = await import('../../services/migration/outcome.ts');
    const op = { clusterName: 'aks-legacy', target: 'overlay', resourceGroup: 'rg-demo' } as unknown as Parameters<typeof targetNotReached>[0];
    const base = { at: '2026-01-01T00:00:00Z', durationSeconds: 1, before: {}, after: {}, dryRun: false as const };
    const errors = [targetNotReached(op), unknownOutcome(op, base, 'cluster-unreadable', 'HTTP 503').error!, unknownOutcome(op, base, 'not-confirmed', '404').error!];
    expect(errors.map((e) => e.messageId)).toEqual(['error.target-not-reached', 'error.unknown-unreadable', 'error.unknown-unconfirmed']);
    for (const e of errors) {
      expect(e.message).toBe('');
      const ja = renderFriendlyError(e, 'ja');
      expect(`${ja.friendly} ${ja.nextStep}`).toContain('aks-legacy');
      expect([...englishSentences(ja.friendly), ...englishSentences(ja.nextStep)]).toEqual([]);
    }
  });
});
