import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db.ts';
import { users } from './schema.ts';

/** What another module may know about a user of an organisation: enough to route work and mail. */
export interface DirectoryUser {
  id: string;
  orgId: string;
  name: string;
  email: string;
  lang: 'zh-CN' | 'en' | null;
  roles: string[];
  active: boolean;
}

/**
 * Users of one organisation, optionally only those holding any of `roles` or with one of `ids`
 * (both given: either matches). Disabled users are included, flagged `active: false`.
 */
export async function listOrgUsers(tx: Tx, orgId: string, filter: { roles?: string[]; ids?: string[] } = {}): Promise<DirectoryUser[]> {
  const conditions = [eq(users.orgId, orgId)];
  const either = [];
  if (filter.roles?.length) either.push(sql`${users.roles} && array[${sql.join(filter.roles.map((r) => sql`${r}`), sql`, `)}]::text[]`);
  if (filter.ids?.length) either.push(inArray(users.id, filter.ids));
  if (filter.roles || filter.ids) {
    if (!either.length) return [];
    conditions.push(either.length === 1 ? either[0]! : sql`(${either[0]} or ${either[1]})`);
  }
  const rows = await tx.select().from(users).where(and(...conditions)).orderBy(users.name, users.id);
  return rows.map((u) => ({
    id: u.id,
    orgId: u.orgId,
    name: u.name,
    email: u.email,
    lang: u.lang === 'zh-CN' || u.lang === 'en' ? u.lang : null,
    roles: u.roles,
    active: u.status === 'active',
  }));
}
