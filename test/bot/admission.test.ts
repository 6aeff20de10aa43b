// The gate every activity passes before anything of it is stored: production rules serve msteams
// only; ALLOWED_TENANTS is matched on the conversation's (or channelData's) tenant, case-insensitively.
import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { admission } from '../../bot/teams-bot.ts';

const T = '7d3c5a1e-4b2f-4c8e-9a61-3f0e2d9b8c11';
const act = (over: Record<string, unknown> = {}): Partial<Activity> =>
  ({ type: 'message', channelId: 'msteams', conversation: { id: 'a:1', tenantId: T }, ...over }) as Partial<Activity>;

describe('admission', () => {
  it('production rules: msteams only, whatever the tenant list', () => {
    expect(admission(act(), { productionRules: true, allowedTenants: [T] })).toBe('ok');
    expect(admission(act({ channelId: 'webchat' }), { productionRules: true, allowedTenants: [T] })).toBe('wrong-channel');
    expect(admission(act({ channelId: undefined }), { productionRules: true })).toBe('wrong-channel');
    expect(admission(act({ channelId: 'webchat' }), { productionRules: false })).toBe('ok');
  });

  it('tenants: listed (any case) or from channelData; missing or another tenant is refused', () => {
    expect(admission(act({ conversation: { id: 'a:1', tenantId: T.toUpperCase() } }), { allowedTenants: [T] })).toBe('ok');
    expect(admission(act({ conversation: { id: 'a:1' }, channelData: { tenant: { id: T } } }), { allowedTenants: [T] })).toBe('ok');
    expect(admission(act({ conversation: { id: 'a:1' } }), { allowedTenants: [T] })).toBe('wrong-tenant');
    expect(admission(act({ conversation: { id: 'a:1', tenantId: 'other' } }), { allowedTenants: [T] })).toBe('wrong-tenant');
    expect(admission(act({ conversation: { id: 'a:1', tenantId: 42 } }), { allowedTenants: [T] })).toBe('wrong-tenant');
    expect(admission(act({ conversation: { id: 'a:1' } }), { allowedTenants: [] })).toBe('ok');
  });
});
