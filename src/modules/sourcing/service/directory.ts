import type { Ctx } from '../../../platform/context.ts';
import { getOrganization, listOrganizations, listOrgUsers, organizationsByIds, permissionsFor } from '../../identity/index.ts';
import { actorOrgId } from '../common.ts';
import { matchSuppliers } from '../eligibility.ts';
import { PERM } from '../permissions.ts';

/** Colleagues who may be designated openers or evaluators (active, holding the permission). */
export async function designatableColleagues(ctx: Ctx, role: 'opener' | 'evaluator'): Promise<Array<{ id: string; name: string; roles: string[] }>> {
  const orgId = actorOrgId(ctx);
  const org = await getOrganization(ctx.db, orgId);
  const permission = role === 'opener' ? PERM.open : PERM.evaluate;
  const users = await listOrgUsers(ctx.db, orgId);
  return users.filter((u) => u.active && permissionsFor(org.kinds, u.roles).has(permission)).map((u) => ({ id: u.id, name: u.name, roles: u.roles }));
}

export interface SupplierCandidate {
  id: string;
  name: string;
  nameEn: string | null;
  region: string | null;
  /** Has approved products in the asked category (what a category audience would invite). */
  matched: boolean;
}

/**
 * Active suppliers to invite, by name or credit code; with `categoryCode`, the category matches
 * (the same function a category audience uses) first.
 */
export async function supplierCandidates(ctx: Ctx, filter: { q?: string; categoryCode?: string; limit: number; cursor?: string }): Promise<{ items: SupplierCandidate[]; nextCursor: string | null }> {
  const orgId = actorOrgId(ctx);
  if (filter.categoryCode && !filter.cursor) {
    const matched = (await matchSuppliers(ctx.db, { categoryCodes: [filter.categoryCode], buyerOrgId: orgId })).slice(0, filter.limit);
    const orgs = await organizationsByIds(ctx.db, matched);
    const items = orgs.filter((o) => !filter.q || o.name.includes(filter.q) || (o.nameEn ?? '').toLowerCase().includes(filter.q.toLowerCase()) || o.uscc.includes(filter.q));
    return { items: items.map((o) => ({ id: o.id, name: o.name, nameEn: o.nameEn, region: o.region, matched: true })), nextCursor: null };
  }
  const page = await listOrganizations(ctx.db, { status: 'active', kind: 'supplier', q: filter.q, limit: filter.limit, cursor: filter.cursor });
  return { items: page.items.filter((o) => o.id !== orgId).map((o) => ({ id: o.id, name: o.name, nameEn: o.nameEn, region: o.region, matched: false })), nextCursor: page.nextCursor };
}
