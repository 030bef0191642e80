import { createHash } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import { recordAudit } from '../../platform/audit.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import type { Authenticator, ResolvedSession } from '../../platform/http.ts';
import { isLang } from '../../platform/i18n.ts';
import { newId, randomToken } from '../../platform/ids.ts';
import { Problem } from '../../platform/problem.ts';
import './errors.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import { permissionsFor, requiresMfa } from './roles.ts';
import { apiKeys, organizations, sessions, users } from './schema.ts';

export const SESSION_HOURS = 12;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
const AUTH_CACHE_MS = 5000;

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

type UserRow = typeof users.$inferSelect;
type OrgRow = typeof organizations.$inferSelect;

export function actorForUser(user: UserRow, org: OrgRow, session?: { id: string; mfaPassed: boolean }): Actor {
  return {
    type: 'user',
    id: user.id,
    userId: user.id,
    orgId: org.id,
    orgKinds: org.kinds,
    orgStatus: org.status,
    roles: user.roles,
    permissions: permissionsFor(org.kinds, user.roles),
    sessionId: session?.id,
    mfaPassed: session?.mfaPassed ?? true,
  };
}

/**
 * Session and API-key lookups, cached for a few seconds per process. Any identity change
 * (sign-out, revocation, role or status change) clears the cache in every process via the event
 * bus, and in this process at once, so a revoked key is refused on its next request.
 */
export class IdentityAuthenticator implements Authenticator {
  private readonly cache = new Map<string, { value: unknown; until: number }>();
  /**
   * Bumped by `invalidate`. A lookup that was already reading the database when the cache was
   * cleared must not put what it read back: it may be the session that was just revoked.
   */
  private generation = 0;
  // Built once and prepared on the server: building drizzle SQL per lookup costs more than the query.
  private readonly sessionQuery;
  private readonly apiKeyQuery;

  constructor(private readonly db: Db) {
    this.sessionQuery = db
      .select({ session: sessions, user: users, org: organizations })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), isNull(sessions.revokedAt), sql`${sessions.expiresAt} > now()`))
      .limit(1)
      .prepare('cotrade_identity_session');
    this.apiKeyQuery = db
      .select({ apiKey: apiKeys, org: organizations })
      .from(apiKeys)
      .innerJoin(organizations, eq(organizations.id, apiKeys.orgId))
      .where(and(eq(apiKeys.prefix, sql.placeholder('prefix')), isNull(apiKeys.revokedAt)))
      .limit(1)
      .prepare('cotrade_identity_api_key');
  }

  invalidate(): void {
    this.generation++;
    this.cache.clear();
  }

  private cached<T>(key: string): T | undefined {
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.value as T;
    if (hit) this.cache.delete(key);
    return undefined;
  }

  private remember(key: string, value: unknown, generation: number): void {
    if (generation !== this.generation) return;
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, { value, until: Date.now() + AUTH_CACHE_MS });
  }

  async fromSession(token: string): Promise<ResolvedSession | null> {
    if (token.length > 100) return null;
    // Keyed by the token itself (already in this request's memory) to skip a hash per request.
    const key = `s:${token}`;
    const hit = this.cached<ResolvedSession | null>(key);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const [row] = await this.sessionQuery.execute({ tokenHash: sha256(token) });
    const resolved: ResolvedSession | null =
      row && row.user.status === 'active'
        ? {
            actor: actorForUser(row.user, row.org, row.session),
            csrfToken: row.session.csrfToken,
            userLang: isLang(row.user.lang) ? row.user.lang : null,
          }
        : null;
    this.remember(key, resolved, generation);
    return resolved;
  }

  async fromApiKey(token: string): Promise<Actor | null> {
    const match = /^ck_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{20,80})$/.exec(token);
    if (!match) return null;
    const key = `k:${token}`;
    const hit = this.cached<Actor | null>(key);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const [row] = await this.apiKeyQuery.execute({ prefix: match[1]! });
    let actor: Actor | null = null;
    if (row && row.apiKey.secretHash === sha256(match[2]!) && (!row.apiKey.expiresAt || row.apiKey.expiresAt > new Date())) {
      const orgPermissions = permissionsFor(row.org.kinds, row.org.kinds.includes('platform') ? ['operator_admin'] : ['org_admin']);
      actor = {
        type: 'api_key',
        id: row.apiKey.id,
        userId: null,
        orgId: row.org.id,
        orgKinds: row.org.kinds,
        orgStatus: row.org.status,
        roles: [],
        permissions: new Set(row.apiKey.permissions.filter((p) => orgPermissions.has(p))),
        apiKeyId: row.apiKey.id,
        mfaPassed: true,
      };
      void this.db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.apiKey.id)).catch(() => {});
    }
    this.remember(key, actor, generation);
    return actor;
  }
}

/** In-memory sliding window per client address, in front of the per-account lockout. */
export class SignInThrottle {
  private readonly attempts = new Map<string, number[]>();
  constructor(
    private readonly limit = 30,
    private readonly windowMs = 10 * 60_000,
  ) {}

  check(ip: string): void {
    const now = Date.now();
    const recent = (this.attempts.get(ip) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      throw new Problem('identity.sign_in_throttled', { retryAfterSeconds: Math.ceil((recent[0]! + this.windowMs - now) / 1000) });
    }
    recent.push(now);
    this.attempts.set(ip, recent);
    if (this.attempts.size > 100_000) this.attempts.clear();
  }
}

export type SignInStatus = 'signed_in' | 'mfa_required' | 'mfa_enrollment_required';
export interface IssuedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  status: SignInStatus;
}

async function issueSession(ctx: Ctx, user: UserRow, org: OrgRow, userAgent: string | null): Promise<IssuedSession> {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const mfaNeeded = user.mfaEnabled || requiresMfa(org.kinds);
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await ctx.db.insert(sessions).values({
    id: newId('ses'),
    tokenHash: sha256(token),
    userId: user.id,
    csrfToken,
    mfaPassed: !mfaNeeded,
    ip: ctx.ip,
    userAgent: userAgent?.slice(0, 300) ?? null,
    expiresAt,
  });
  const status: SignInStatus = !mfaNeeded ? 'signed_in' : user.mfaEnabled ? 'mfa_required' : 'mfa_enrollment_required';
  return { token, csrfToken, expiresAt, status };
}

/** Checks e-mail and password; counts failures and locks the account after too many. */
export async function signIn(ctx: Ctx, input: { email: string; password: string; userAgent: string | null }): Promise<IssuedSession> {
  const [row] = await ctx.db
    .select({ user: users, org: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(sql`lower(${users.email}) = ${input.email.trim().toLowerCase()}`)
    .limit(1);
  if (!row) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    throw new Problem('identity.invalid_credentials');
  }
  const { user, org } = row;
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    throw new Problem('identity.account_locked', { lockedUntil: user.lockedUntil.toISOString() }, { lockedUntil: user.lockedUntil.toISOString() });
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (!ok) {
    // Counted atomically so parallel guesses cannot slip past the limit.
    const [updated] = await ctx.db
      .update(users)
      .set({
        failedLogins: sql`${users.failedLogins} + 1`,
        lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${MAX_FAILED_LOGINS}
          then now() + make_interval(mins => ${LOCKOUT_MINUTES}) else ${users.lockedUntil} end`,
      })
      .where(eq(users.id, user.id))
      .returning({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil });
    if (updated && updated.failedLogins >= MAX_FAILED_LOGINS) {
      await ctx.db.transaction(async (tx) => {
        await recordAudit(tx, { ...ctx, actor: null }, { action: 'identity.user.locked_out', targetType: 'user', targetId: user.id, orgId: org.id, data: { failedLogins: updated.failedLogins } });
      });
    }
    throw new Problem('identity.invalid_credentials');
  }
  if (user.status !== 'active') throw new Problem('identity.user_disabled');
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() }).where(eq(users.id, user.id));
    const issued = await issueSession(txCtx, user, org, input.userAgent);
    await recordAudit(tx, { ...ctx, actor: actorForUser(user, org) }, { action: 'identity.session.created', targetType: 'user', targetId: user.id, orgId: org.id, data: { status: issued.status } });
    return issued;
  });
}

/** Starts a session for a user that just proved who they are another way (registration, invitation). */
export async function startSession(ctx: Ctx, userId: string, userAgent: string | null): Promise<IssuedSession> {
  const [row] = await ctx.db
    .select({ user: users, org: organizations })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.id, userId));
  if (!row) throw new Problem('resource.not_found', { resource: 'user', id: userId });
  return issueSession(ctx, row.user, row.org, userAgent);
}

export async function signOut(ctx: Ctx): Promise<void> {
  const sessionId = ctx.actor?.sessionId;
  if (!sessionId) return;
  await ctx.db.transaction(async (tx) => {
    await tx.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
    await emitEvent(tx, 'identity.session.revoked', { sessionId }, ctx.actor?.orgId ?? null);
    await recordAudit(tx, ctx, { action: 'identity.session.revoked', targetType: 'session', targetId: sessionId });
  });
}

async function currentUser(ctx: Ctx): Promise<UserRow> {
  const userId = ctx.actor?.userId;
  if (!userId) throw new Problem('auth.unauthenticated');
  const [user] = await ctx.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new Problem('auth.unauthenticated');
  return user;
}

function checkTotp(secret: string, code: string): Promise<boolean> {
  return verifyTotp({ secret, token: code.replace(/\s/g, ''), epochTolerance: 30 })
    .then((r) => r.valid)
    .catch(() => false);
}

/** Second step of sign-in: the session is marked as having passed MFA. */
export async function verifyMfa(ctx: Ctx, code: string): Promise<void> {
  const user = await currentUser(ctx);
  if (!user.mfaEnabled || !user.mfaSecret) throw new Problem('identity.mfa_state', { reason: 'MFA is not enrolled; enrol first.' });
  if (!(await checkTotp(user.mfaSecret, code))) throw new Problem('identity.mfa_code_invalid');
  await ctx.db.transaction(async (tx) => {
    await tx.update(sessions).set({ mfaPassed: true }).where(eq(sessions.id, ctx.actor!.sessionId!));
    await emitEvent(tx, 'identity.session.changed', { sessionId: ctx.actor!.sessionId }, user.orgId);
    await recordAudit(tx, ctx, { action: 'identity.mfa.verified', targetType: 'user', targetId: user.id });
  });
}

/** Starts enrolment: a new secret, stored but not active until a code confirms it. */
export async function beginMfaEnrollment(ctx: Ctx): Promise<{ secret: string; otpauthUri: string }> {
  const user = await currentUser(ctx);
  if (user.mfaEnabled) throw new Problem('identity.mfa_state', { reason: 'MFA is already enrolled.' });
  const secret = generateSecret();
  await ctx.db.update(users).set({ mfaSecret: secret }).where(eq(users.id, user.id));
  return { secret, otpauthUri: generateURI({ issuer: 'Cotrade', label: user.email, secret }) };
}

export async function confirmMfaEnrollment(ctx: Ctx, code: string): Promise<void> {
  const user = await currentUser(ctx);
  if (user.mfaEnabled || !user.mfaSecret) throw new Problem('identity.mfa_state', { reason: 'Start enrolment first.' });
  if (!(await checkTotp(user.mfaSecret, code))) throw new Problem('identity.mfa_code_invalid');
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ mfaEnabled: true, version: sql`${users.version} + 1`, updatedAt: new Date() }).where(eq(users.id, user.id));
    if (ctx.actor?.sessionId) await tx.update(sessions).set({ mfaPassed: true }).where(eq(sessions.id, ctx.actor.sessionId));
    await emitEvent(tx, 'identity.user.changed', { userId: user.id }, user.orgId);
    await recordAudit(tx, ctx, { action: 'identity.mfa.enrolled', targetType: 'user', targetId: user.id });
  });
}

/** Checks a fresh TOTP code for a sensitive step (e.g. signing a large contract). */
export async function recheckMfa(ctx: Ctx, code: string | undefined): Promise<void> {
  const user = await currentUser(ctx);
  if (!user.mfaEnabled || !user.mfaSecret) throw new Problem('identity.mfa_state', { reason: 'This step needs MFA; enrol it under your profile first.' });
  if (!code || !(await checkTotp(user.mfaSecret, code))) throw new Problem('identity.mfa_code_invalid');
}
