import type { Tx } from '../../platform/db.ts';
import { Problem } from '../../platform/problem.ts';
import { suppliersInCategories } from '../catalog/index.ts';
import { organizationsByIds, type Organization } from '../identity/index.ts';

/**
 * Who may take part in sourcing events. Everything that decides "which suppliers" goes through
 * here, so supplier tiers (registered / admitted / strategic per category, a later issue) plug in
 * at one place.
 */

export function isActiveSupplier(org: Pick<Organization, 'status' | 'kinds'> | undefined | null): boolean {
  return Boolean(org && org.status === 'active' && org.kinds.includes('supplier'));
}

/** Active supplier organisations among `orgIds` (order kept), never the buyer itself. */
export async function activeSuppliers(tx: Tx, orgIds: readonly string[], buyerOrgId: string): Promise<string[]> {
  const unique = [...new Set(orgIds)].filter((id) => id !== buyerOrgId);
  const orgs = new Map((await organizationsByIds(tx, unique)).map((o) => [o.id, o]));
  return unique.filter((id) => isActiveSupplier(orgs.get(id)));
}

/** The buyer's chosen invitees: each must be an active supplier other than the buyer (422 naming the first that is not). */
export async function assertInvitable(tx: Tx, orgIds: readonly string[], buyerOrgId: string, pointer: string): Promise<string[]> {
  const ok = new Set(await activeSuppliers(tx, orgIds, buyerOrgId));
  for (const [i, id] of orgIds.entries()) {
    if (!ok.has(id)) throw new Problem('sourcing.supplier_ineligible', { orgId: id }, {}, [{ pointer: `${pointer}/${i}`, in: 'body', message: 'is not an active supplier' }]);
  }
  return [...ok];
}

/**
 * Suppliers matched to an event by category: today, active suppliers with approved products in
 * one of the categories (or below them). Tier criteria will filter here.
 */
export async function matchSuppliers(tx: Tx, input: { categoryCodes: readonly string[]; buyerOrgId: string }): Promise<string[]> {
  return activeSuppliers(tx, await suppliersInCategories(tx, input.categoryCodes), input.buyerOrgId);
}

/** Whether one organisation is an active supplier now (suspended suppliers can do nothing). */
export async function isSupplierActive(tx: Tx, orgId: string): Promise<boolean> {
  const [org] = await organizationsByIds(tx, [orgId]);
  return isActiveSupplier(org);
}
