import { and, desc, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import { assertVersion } from '../../platform/concurrency.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId, randomToken } from '../../platform/ids.ts';
import { queueMail } from '../../platform/mail.ts';
import { beforeCursor, cursorTime, decodeCursor, toPage } from '../../platform/pagination.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { sha256 } from './authn.ts';
import { assertEmailFree, assertPasswordPolicy } from './organizations.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { permissionsFor, rolesForKinds } from './roles.ts';
import { apiKeys, invitations, organizations, users } from './schema.ts';

export type User = typeof users.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;

const INVITATION_DAYS = 7;

function orgOf(ctx: Ctx): string {
  return ctx.actor!.orgId!;
}

function assertRolesAllowed(kinds: readonly string[], roles: string[], pointer: string): void {
  const allowed = new Set(rolesForKinds(kinds).map((r) => r.key));
  for (const role of roles) {
    if (!allowed.has(role)) throw new Problem('identity.role_not_allowed', { role }, {}, [{ pointer, in: 'body', message: `role ${role} is not available` }]);
  }
}

async function kindsOf(tx: Tx, orgId: string): Promise<string[]> {
  const [org] = await tx.select({ kinds: organizations.kinds }).from(organizations).where(eq(organizations.id, orgId));
  return org?.kinds ?? [];
}

export async function listUsers(ctx: Ctx, page: { limit: number; cursor?: string }): Promise<{ items: User[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor, ['timestamp', 'string']) as [string, string] | null;
  const conditions = [eq(users.orgId, orgOf(ctx))];
  if (after) conditions.push(beforeCursor(users.createdAt, users.id, after));
  const rows = await ctx.db
    .select({ ...getTableColumns(users), cursorAt: cursorTime(users.createdAt) })
    .from(users)
    .where(and(...conditions))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(page.limit + 1);
  const { items, nextCursor } = toPage(rows, page.limit, (r) => [r.cursorAt, r.id]);
  return { items: items.map(({ cursorAt: _cursorAt, ...user }) => user), nextCursor };
}

/** A user of the caller's organisation; another organisation's user is a 404. */
export async function getUser(ctx: Ctx, userId: string): Promise<User> {
  const [user] = await ctx.db.select().from(users).where(and(eq(users.id, userId), eq(users.orgId, orgOf(ctx))));
  if (!user) throw notFound('user', userId);
  return user;
}

/** Changes a user's roles or status; an admin cannot strip or disable themself. */
export async function updateUser(
  ctx: Ctx,
  userId: string,
  input: { roles?: string[]; status?: 'active' | 'disabled'; name?: string; version?: number; ifMatch?: string },
): Promise<User> {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(and(eq(users.id, userId), eq(users.orgId, orgOf(ctx)))).for('update');
    if (!current) throw notFound('user', userId);
    assertVersion('user', current.version, input);
    if (input.roles) assertRolesAllowed(await kindsOf(tx, current.orgId), input.roles, '/roles');
    const isSelf = current.id === ctx.actor!.userId;
    const adminRole = current.roles.includes('operator_admin') ? 'operator_admin' : 'org_admin';
    if (isSelf && ((input.roles && !input.roles.includes(adminRole) && current.roles.includes(adminRole)) || input.status === 'disabled')) {
      throw new Problem('identity.self_lockout');
    }
    const [updated] = await tx
      .update(users)
      .set({
        roles: input.roles ? [...new Set(input.roles)] : current.roles,
        status: input.status ?? current.status,
        name: input.name ?? current.name,
        updatedAt: new Date(),
        version: current.version + 1,
      })
      .where(eq(users.id, userId))
      .returning();
    await emitEvent(tx, 'identity.user.changed', { userId }, current.orgId);
    await recordAudit(tx, ctx, { action: 'identity.user.updated', targetType: 'user', targetId: userId, data: { roles: input.roles, status: input.status, from: { roles: current.roles, status: current.status } } });
    return updated!;
  });
}

/**
 * GET /me runs on every page load: its query is built once per database handle and prepared on
 * the server (building drizzle SQL per request was 40% of the CPU of that route).
 */
const meQueries = new WeakMap<Tx, ReturnType<typeof prepareMeQuery>>();
function prepareMeQuery(db: Tx) {
  return db
    .select({ user: users, organization: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare('cotrade_identity_me');
}

export async function getMe(ctx: Ctx): Promise<{ user: User; organization: typeof organizations.$inferSelect; permissions: string[] }> {
  let meQuery = meQueries.get(ctx.db);
  if (!meQuery) meQueries.set(ctx.db, (meQuery = prepareMeQuery(ctx.db)));
  const [row] = await meQuery.execute({ userId: ctx.actor!.userId! });
  if (!row) throw new Problem('auth.unauthenticated');
  return { ...row, permissions: [...permissionsFor(row.organization.kinds, row.user.roles)].sort() };
}

export async function updateMe(ctx: Ctx, input: { name?: string; lang?: 'zh-CN' | 'en' }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ ...(input.name ? { name: input.name } : {}), ...(input.lang ? { lang: input.lang } : {}), updatedAt: new Date(), version: sql`${users.version} + 1` })
      .where(eq(users.id, ctx.actor!.userId!));
    await emitEvent(tx, 'identity.user.changed', { userId: ctx.actor!.userId }, ctx.actor!.orgId);
    await recordAudit(tx, ctx, { action: 'identity.user.profile_updated', targetType: 'user', targetId: ctx.actor!.userId, data: input });
  });
}

export async function changePassword(ctx: Ctx, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, ctx.actor!.userId!));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) throw new Problem('identity.invalid_credentials');
  assertPasswordPolicy(input.newPassword, user.email, '/newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date(), version: sql`${users.version} + 1` }).where(eq(users.id, user.id));
    await recordAudit(tx, ctx, { action: 'identity.user.password_changed', targetType: 'user', targetId: user.id });
  });
}

/** Invites someone by e-mail; the link carries a one-time token, stored only as its hash. */
export async function inviteUser(
  ctx: Ctx,
  input: { email: string; roles: string[]; name?: string | null; acceptBaseUrl: string },
): Promise<Invitation> {
  const email = input.email.trim().toLowerCase();
  const token = randomToken(32);
  return ctx.db.transaction(async (tx) => {
    const orgId = orgOf(ctx);
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, orgId));
    assertRolesAllowed(org!.kinds, input.roles, '/roles');
    await assertEmailFree(tx, email, '/email');
    const id = newId('inv');
    const [invitation] = await tx
      .insert(invitations)
      .values({ id, orgId, email, name: input.name ?? null, roles: [...new Set(input.roles)], tokenHash: sha256(token), status: 'pending', invitedBy: ctx.actor!.id, expiresAt: new Date(Date.now() + INVITATION_DAYS * 86400_000) })
      .returning();
    const link = `${input.acceptBaseUrl}/invitations/${token}`;
    await queueMail(tx, {
      to: email,
      subject: `Cotrade: ${org!.name} 邀请您加入 / invites you`,
      body: `${org!.name} 邀请您加入 Cotrade。请在 ${INVITATION_DAYS} 天内打开链接完成注册：\n${org!.name} invites you to Cotrade. Open this link within ${INVITATION_DAYS} days:\n${link}\n`,
    });
    await emitEvent(tx, 'identity.invitation.created', { invitationId: id }, orgId);
    await recordAudit(tx, ctx, { action: 'identity.invitation.created', targetType: 'invitation', targetId: id, data: { email, roles: input.roles } });
    return invitation!;
  });
}

export async function listInvitations(ctx: Ctx, page: { limit: number; cursor?: string }): Promise<{ items: Invitation[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor, ['timestamp', 'string']) as [string, string] | null;
  const conditions = [eq(invitations.orgId, orgOf(ctx))];
  if (after) conditions.push(beforeCursor(invitations.createdAt, invitations.id, after));
  const rows = await ctx.db
    .select({ ...getTableColumns(invitations), cursorAt: cursorTime(invitations.createdAt) })
    .from(invitations)
    .where(and(...conditions))
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(page.limit + 1);
  const { items, nextCursor } = toPage(rows, page.limit, (r) => [r.cursorAt, r.id]);
  return { items: items.map(({ cursorAt: _cursorAt, ...invitation }) => withEffectiveStatus(invitation)), nextCursor };
}

function withEffectiveStatus(inv: Invitation): Invitation {
  return inv.status === 'pending' && inv.expiresAt < new Date() ? { ...inv, status: 'expired' } : inv;
}

export async function revokeInvitation(ctx: Ctx, invitationId: string): Promise<Invitation> {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(invitations).where(and(eq(invitations.id, invitationId), eq(invitations.orgId, orgOf(ctx)))).for('update');
    if (!current) throw notFound('invitation', invitationId);
    if (current.status !== 'pending') throw new Problem('state.transition_not_allowed', { command: 'revoke', resource: 'invitation', state: current.status });
    const [updated] = await tx.update(invitations).set({ status: 'revoked' }).where(eq(invitations.id, invitationId)).returning();
    await recordAudit(tx, ctx, { action: 'identity.invitation.revoked', targetType: 'invitation', targetId: invitationId });
    return updated!;
  });
}

async function pendingInvitationByToken(tx: Tx, token: string, lock: boolean) {
  const q = tx
    .select({ invitation: invitations, orgName: organizations.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(eq(invitations.tokenHash, sha256(token)));
  const [row] = lock ? await q.for('update', { of: invitations }) : await q;
  if (!row) throw new Problem('identity.invitation_invalid', { status: 'unknown' });
  const invitation = withEffectiveStatus(row.invitation);
  if (invitation.status !== 'pending') throw new Problem('identity.invitation_invalid', { status: invitation.status });
  return { invitation, orgName: row.orgName };
}

export async function showInvitation(ctx: Ctx, token: string) {
  return pendingInvitationByToken(ctx.db, token, false);
}

/** Accepts an invitation: creates the user in the inviting organisation; the token is spent. */
export async function acceptInvitation(ctx: Ctx, token: string, input: { name: string; password: string; lang?: 'zh-CN' | 'en' }): Promise<User> {
  return ctx.db.transaction(async (tx) => {
    const { invitation } = await pendingInvitationByToken(tx, token, true);
    assertPasswordPolicy(input.password, invitation.email, '/password');
    await assertEmailFree(tx, invitation.email, '/email');
    const userId = newId('usr');
    const [user] = await tx
      .insert(users)
      .values({ id: userId, orgId: invitation.orgId, email: invitation.email, name: input.name, passwordHash: await hashPassword(input.password), roles: invitation.roles, lang: input.lang ?? null })
      .returning();
    await tx.update(invitations).set({ status: 'accepted', acceptedAt: new Date(), acceptedUserId: userId }).where(eq(invitations.id, invitation.id));
    await emitEvent(tx, 'identity.user.joined', { userId, invitationId: invitation.id }, invitation.orgId);
    await recordAudit(tx, ctx, { action: 'identity.invitation.accepted', targetType: 'invitation', targetId: invitation.id, orgId: invitation.orgId, data: { userId } });
    return user!;
  });
}

export async function listApiKeys(ctx: Ctx): Promise<ApiKey[]> {
  return ctx.db.select().from(apiKeys).where(eq(apiKeys.orgId, orgOf(ctx))).orderBy(desc(apiKeys.createdAt)).limit(500);
}

/** Creates an API key; the secret is returned once and only its hash is kept. */
export async function createApiKey(
  ctx: Ctx,
  input: { name: string; permissions: string[]; expiresInDays?: number },
): Promise<{ apiKey: ApiKey; secret: string }> {
  for (const permission of input.permissions) {
    if (!ctx.actor!.permissions.has(permission)) {
      throw new Problem('identity.permission_not_grantable', { permission }, {}, [{ pointer: '/permissions', in: 'body', message: `you do not hold ${permission}` }]);
    }
  }
  const prefix = randomToken(12).replace(/[^A-Za-z0-9]/g, 'x').slice(0, 12);
  const secretPart = randomToken(32);
  const secret = `ck_${prefix}_${secretPart}`;
  return ctx.db.transaction(async (tx) => {
    const id = newId('key');
    const [apiKey] = await tx
      .insert(apiKeys)
      .values({
        id,
        orgId: orgOf(ctx),
        name: input.name,
        prefix,
        secretHash: sha256(secretPart),
        permissions: [...new Set(input.permissions)].sort(),
        createdBy: ctx.actor!.id,
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86400_000) : null,
      })
      .returning();
    await recordAudit(tx, ctx, { action: 'identity.api_key.created', targetType: 'api_key', targetId: id, data: { name: input.name, permissions: input.permissions } });
    return { apiKey: apiKey!, secret };
  });
}

export async function revokeApiKey(ctx: Ctx, apiKeyId: string): Promise<ApiKey> {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(apiKeys).where(and(eq(apiKeys.id, apiKeyId), eq(apiKeys.orgId, orgOf(ctx)))).for('update');
    if (!current) throw notFound('api_key', apiKeyId);
    const [updated] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, apiKeyId), isNull(apiKeys.revokedAt)))
      .returning();
    if (!updated) throw new Problem('state.transition_not_allowed', { command: 'revoke', resource: 'API key', state: 'revoked' });
    await emitEvent(tx, 'identity.api_key.revoked', { apiKeyId }, current.orgId);
    await recordAudit(tx, ctx, { action: 'identity.api_key.revoked', targetType: 'api_key', targetId: apiKeyId });
    return updated;
  });
}
