// Who may read and who may redirect approval cards (VIEWERS, APPROVERS), and four-eyes over every id
// of a person (Entra object id and Teams user id).
import { describe, expect, it } from 'vitest';
import {
  entraIdRequired, makePolicy, mayApprove, mayManageChannels, mayRead, policyFromConfig, sameActor,
} from '../../../services/approval/policy.ts';

const T = 'tenant-a';
const viewer = { id: 'oid-viewer', name: 'V', tenantId: T };
const requester = { id: 'oid-req', name: 'R', tenantId: T };
const approver = { id: 'oid-app', name: 'A', tenantId: T };
const stranger = { id: 'oid-x', name: 'X', tenantId: T };

describe('mayRead', () => {
  it('empty VIEWERS: everyone of an allowed tenant, nobody of another', () => {
    const p = makePolicy({ tenants: [T] });
    expect(mayRead(p, stranger)).toEqual({ ok: true });
    expect(mayRead(p, { ...stranger, tenantId: 'tenant-b' })).toEqual({ ok: false, reason: 'wrong-tenant' });
    expect(mayRead(p, { id: 'oid-x', name: 'X' })).toEqual({ ok: false, reason: 'wrong-tenant' });
  });

  it('VIEWERS set: viewers, listed requesters and approvers only (case-insensitive)', () => {
    const p = makePolicy({ viewers: ['OID-VIEWER'], requesters: ['oid-req'], approvers: ['oid-app'] });
    expect(mayRead(p, viewer)).toEqual({ ok: true });
    expect(mayRead(p, requester)).toEqual({ ok: true });
    expect(mayRead(p, approver)).toEqual({ ok: true });
    expect(mayRead(p, stranger)).toEqual({ ok: false, reason: 'not-viewer' });
  });

  it('VIEWERS set and REQUESTERS empty: "anyone may request" does not make everyone a reader', () => {
    const p = makePolicy({ viewers: ['oid-viewer'], approvers: ['oid-app'] });
    expect(mayRead(p, stranger)).toEqual({ ok: false, reason: 'not-viewer' });
  });
});

describe('mayManageChannels', () => {
  it('demo mode without APPROVERS: anyone (every demo user may approve there)', () => {
    expect(mayManageChannels(makePolicy({ demoMode: true }), stranger)).toEqual({ ok: true });
  });
  it('APPROVERS set: approvers only, in demo mode too', () => {
    for (const demoMode of [true, false]) {
      const p = makePolicy({ demoMode, approvers: ['oid-app'] });
      expect(mayManageChannels(p, approver)).toEqual({ ok: true });
      expect(mayManageChannels(p, requester)).toEqual({ ok: false, reason: 'not-approver' });
    }
  });
  it('production rules without APPROVERS: nobody', () => {
    expect(mayManageChannels(makePolicy({ demoMode: false }), approver)).toEqual({ ok: false, reason: 'no-approvers' });
  });
  it('another tenant: refused', () => {
    expect(mayManageChannels(makePolicy({ approvers: ['oid-app'], tenants: ['tenant-b'] }), approver)).toEqual({ ok: false, reason: 'wrong-tenant' });
  });
});

describe('four-eyes over every id', () => {
  it('sameActor matches any id against any id, case-insensitively; never on empty ids', () => {
    expect(sameActor({ id: 'oid-req', name: '', aliases: ['29:req'] }, { id: 'OID-APP', name: '', aliases: ['29:REQ'] })).toBe(true);
    expect(sameActor({ id: '29:req', name: '' }, { id: 'oid-app', name: '', aliases: ['29:req'] })).toBe(true);
    expect(sameActor({ id: 'oid-req', name: '', aliases: [''] }, { id: 'oid-app', name: '', aliases: [''] })).toBe(false);
  });

  it('a requester recorded by Teams id cannot approve under an approver Entra id with the same Teams id', () => {
    const p = makePolicy({ approvers: ['oid-app'] });
    const byTeamsId = { id: '29:req', name: 'R' };
    expect(mayApprove(p, byTeamsId, { id: 'oid-app', name: 'A', aliases: ['29:req'] })).toEqual({ ok: false, reason: 'self-approval' });
    expect(mayApprove(p, byTeamsId, { id: 'oid-app', name: 'A', aliases: ['29:app'] })).toEqual({ ok: true });
  });

  it('ALLOW_SELF_APPROVAL still lets one person approve (single-person demos)', () => {
    const p = makePolicy({ demoMode: true, allowSelfApproval: true });
    expect(mayApprove(p, { id: 'oid-req', name: '' }, { id: 'oid-req', name: '' })).toEqual({ ok: true });
  });
});

describe('policyFromConfig', () => {
  it('carries VIEWERS, and requires Entra ids exactly under production rules', () => {
    const base = { approvers: [], requesters: [], allowedTenants: [], allowSelfApproval: false, approvalTtlMinutes: 240, viewers: ['oid-viewer'] };
    const prod = policyFromConfig({ ...base, productionRules: true });
    expect(prod.viewers).toEqual(['oid-viewer']);
    expect(entraIdRequired(prod)).toBe(true);
    expect(entraIdRequired(policyFromConfig({ ...base, productionRules: false }))).toBe(false);
  });
});
