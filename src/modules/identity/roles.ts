import type { Text } from '../../platform/i18n.ts';

export type Party = 'buyer' | 'supplier' | 'partner' | 'platform';
export const ORG_KINDS = ['buyer', 'supplier', 'partner'] as const;

export interface RoleDefinition {
  key: string;
  /** Which kind of organisation may hold it; 'any' is every non-platform organisation. */
  party: Party | 'any';
  name: Text;
  permissions: Set<string>;
}

/** Permissions every organisation admin needs to run its own account. */
const ORG_ADMIN_PERMISSIONS = [
  'org.profile.read',
  'org.profile.manage',
  'org.users.read',
  'org.users.manage',
  'org.apikeys.manage',
  'org.audit.read',
];

const PLATFORM_PERMISSIONS = [
  'platform.orgs.read',
  'platform.orgs.review',
  'platform.audit.read',
  'platform.audit.verify',
  'org.profile.read',
  'org.users.read',
  'org.users.manage',
  'org.apikeys.manage',
  'org.audit.read',
];

const role = (key: string, party: RoleDefinition['party'], en: string, zh: string, permissions: string[]): RoleDefinition => ({
  key,
  party,
  name: { en, 'zh-CN': zh },
  permissions: new Set(permissions),
});

/** The predefined roles of SPEC §1. Modules add their permissions with `grantPermissions`. */
export const ROLES: ReadonlyMap<string, RoleDefinition> = new Map(
  [
    role('org_admin', 'any', 'Organisation admin', '企业管理员', ORG_ADMIN_PERMISSIONS),
    role('requisitioner', 'buyer', 'Requisitioner', '需求提报人', ['org.profile.read']),
    role('approver', 'buyer', 'Approver', '审批人', ['org.profile.read']),
    role('purchaser', 'buyer', 'Purchaser', '采购员', ['org.profile.read']),
    role('receiver', 'buyer', 'Receiver / warehouse', '收货/仓管', ['org.profile.read']),
    role('buyer_finance', 'buyer', 'Finance (buyer)', '财务（采购方）', ['org.profile.read']),
    role('sales', 'supplier', 'Sales', '销售', ['org.profile.read']),
    role('fulfilment', 'supplier', 'Fulfilment', '发货', ['org.profile.read']),
    role('supplier_finance', 'supplier', 'Finance (supplier)', '财务（供应商）', ['org.profile.read']),
    role('partner_agent', 'partner', 'Partner agent', '合作伙伴业务员', ['org.profile.read']),
    role('operator_admin', 'platform', 'Operator admin', '平台管理员', PLATFORM_PERMISSIONS),
    role('category_manager', 'platform', 'Category manager', '品类经理', ['platform.orgs.read', 'org.profile.read']),
    role('supervisor', 'platform', 'Supervisor / auditor', '监督审计员', ['platform.orgs.read', 'platform.audit.read', 'platform.audit.verify', 'org.profile.read', 'org.audit.read']),
    role('platform_finance', 'platform', 'Finance (platform)', '平台财务', ['platform.orgs.read', 'org.profile.read']),
    role('customer_service', 'platform', 'Customer service', '客服', ['platform.orgs.read', 'org.profile.read']),
  ].map((r) => [r.key, r]),
);

/** Lets a module give its permissions to predefined roles, e.g. `grantPermissions('purchaser', 'p2p.orders.create')`. */
export function grantPermissions(roleKey: string, ...permissions: string[]): void {
  const definition = ROLES.get(roleKey);
  if (!definition) throw new Error(`unknown role ${roleKey}`);
  for (const p of permissions) definition.permissions.add(p);
}

export function rolesForKinds(kinds: readonly string[]): RoleDefinition[] {
  const isPlatform = kinds.includes('platform');
  return [...ROLES.values()].filter((r) =>
    isPlatform ? r.party === 'platform' : r.party === 'any' || kinds.includes(r.party),
  );
}

/**
 * A user's permissions: the union over their roles. An organisation admin holds every
 * permission of the roles its organisation can have, so it can do whatever it can delegate.
 */
export function permissionsFor(kinds: readonly string[], roleKeys: readonly string[]): Set<string> {
  const allowed = rolesForKinds(kinds);
  const out = new Set<string>();
  for (const r of allowed) {
    if (!roleKeys.includes(r.key)) continue;
    for (const p of r.permissions) out.add(p);
    if (r.key === 'org_admin') for (const other of allowed) for (const p of other.permissions) out.add(p);
  }
  return out;
}

/** MFA is mandatory for every platform user (SPEC §2.1). */
export function requiresMfa(kinds: readonly string[]): boolean {
  return kinds.includes('platform');
}
