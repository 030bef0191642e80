import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { organizations, users } from './schema.ts';

export interface SeedUser {
  email: string;
  name: string;
  roles: string[];
  lang?: 'zh-CN' | 'en';
  passwordHash: string;
  mfaSecret?: string;
}

export interface SeedOrganization {
  name: string;
  nameEn?: string;
  uscc: string;
  kinds: string[];
  partnerType?: string;
  region?: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  users: SeedUser[];
}

/** Creates an already-approved organisation with its users: demo data and `create-operator`. */
export async function seedOrganization(ctx: Ctx, spec: SeedOrganization): Promise<{ orgId: string; userIds: Record<string, string> }> {
  return ctx.db.transaction(async (tx) => {
    const orgId = newId('org');
    const now = new Date();
    await tx.insert(organizations).values({
      id: orgId,
      name: spec.name,
      nameEn: spec.nameEn ?? null,
      uscc: spec.uscc,
      kinds: [...spec.kinds].sort(),
      partnerType: spec.partnerType ?? null,
      status: 'active',
      region: spec.region ?? null,
      address: spec.address ?? null,
      contactName: spec.contactName ?? null,
      contactPhone: spec.contactPhone ?? null,
      submittedAt: now,
      reviewedAt: now,
      reviewedBy: ctx.actor?.id ?? 'system',
    });
    const userIds: Record<string, string> = {};
    for (const u of spec.users) {
      const id = newId('usr');
      userIds[u.email] = id;
      await tx.insert(users).values({
        id,
        orgId,
        email: u.email.toLowerCase(),
        name: u.name,
        passwordHash: u.passwordHash,
        roles: u.roles,
        lang: u.lang ?? null,
        mfaSecret: u.mfaSecret ?? null,
        mfaEnabled: Boolean(u.mfaSecret),
      });
    }
    await recordAudit(tx, ctx, { action: 'identity.organization.seeded', targetType: 'organization', targetId: orgId, orgId, data: { kinds: spec.kinds, users: spec.users.map((u) => u.email) } });
    return { orgId, userIds };
  });
}

export async function hasAnyOrganization(ctx: Ctx): Promise<boolean> {
  const rows = await ctx.db.select({ id: organizations.id }).from(organizations).limit(1);
  return rows.length > 0;
}
