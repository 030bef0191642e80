import { and, desc, eq, gt, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import { hasPermission, systemCtx, type Ctx } from '../../platform/context.ts';
import type { Db, Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { queueMail } from '../../platform/mail.ts';
import { toPage } from '../../platform/pagination.ts';
import { invalidField, notFound, Problem } from '../../platform/problem.ts';
import { listOrgUsers } from '../identity/index.ts';
import { describeSubjects, type ApprovalSubject } from './approvals.ts';
import { actorUserId, buyerOrgOf, cursorKey, idOf } from './common.ts';
import { approvalDelegations, approvalTasks } from './schema.ts';

export type Delegation = typeof approvalDelegations.$inferSelect;

/** Managing someone else's delegation needs this (org admins); everyone may delegate their own. */
export const MANAGE_RULES = 'procurement.rules.manage';

/**
 * Hands a user's approvals to a delegate for a period (while away). Pending tasks of that user
 * move to the delegate at once when the period has begun — except tasks on documents the
 * delegate requested, which stay (no self-approval). The move is recorded on each task.
 */
export async function createDelegation(ctx: Ctx, input: { fromUserId?: string; toUserId: string; startsAt: Date; endsAt: Date }): Promise<Delegation> {
  const orgId = buyerOrgOf(ctx);
  const me = actorUserId(ctx);
  const fromUserId = input.fromUserId ?? me;
  if (fromUserId !== me && !hasPermission(ctx.actor, MANAGE_RULES)) throw new Problem('auth.forbidden', { permission: MANAGE_RULES });
  if (fromUserId === input.toUserId) throw invalidField('/toUserId', 'must be someone else');
  if (!(input.endsAt.getTime() > input.startsAt.getTime())) throw invalidField('/endsAt', 'must be after startsAt');
  return ctx.db.transaction(async (tx) => {
    const users = await listOrgUsers(tx, orgId, { ids: [fromUserId, input.toUserId] });
    if (!users.some((u) => u.id === fromUserId)) throw invalidField('/fromUserId', 'is not a user of this organisation');
    const to = users.find((u) => u.id === input.toUserId);
    if (!to || !to.active) throw invalidField('/toUserId', 'is not an active user of this organisation');
    const [delegation] = await tx
      .insert(approvalDelegations)
      .values({ id: newId('adel'), orgId, fromUserId, toUserId: input.toUserId, startsAt: input.startsAt, endsAt: input.endsAt })
      .returning();
    const now = new Date();
    const moved = input.startsAt <= now && input.endsAt > now ? await moveTasks(tx, orgId, { from: fromUserId, to: input.toUserId, delegatedFromId: fromUserId }) : [];
    await emitEvent(tx, 'procurement.delegation.created', { delegationId: delegation!.id, fromUserId, toUserId: input.toUserId, movedTasks: moved.length }, orgId);
    await recordAudit(tx, ctx, {
      action: 'procurement.delegation.created',
      targetType: 'approval_delegation',
      targetId: delegation!.id,
      data: { fromUserId, toUserId: input.toUserId, startsAt: input.startsAt, endsAt: input.endsAt, movedTasks: moved },
    });
    return delegation!;
  });
}

/** Moves pending tasks between users (never onto a document the new assignee requested). */
async function moveTasks(tx: Tx, orgId: string, move: { from: string; to: string; delegatedFromId: string | null; onlyDelegated?: boolean }): Promise<string[]> {
  const conditions: SQL[] = [eq(approvalTasks.orgId, orgId), eq(approvalTasks.assigneeId, move.from), eq(approvalTasks.status, 'pending')];
  if (move.onlyDelegated) conditions.push(eq(approvalTasks.delegatedFromId, move.to));
  const tasks = await tx.select().from(approvalTasks).where(and(...conditions)).for('update');
  if (!tasks.length) return [];
  const subjects = await describeSubjects(tx, orgId, tasks);
  const moved: string[] = [];
  for (const task of tasks) {
    if (subjects.get(`${task.documentType}:${task.documentId}`)?.requesterId === move.to) continue;
    await tx.update(approvalTasks).set({ assigneeId: move.to, delegatedFromId: move.delegatedFromId }).where(eq(approvalTasks.id, task.id));
    moved.push(task.id);
  }
  return moved;
}

/** Ends a delegation now; pending tasks it handed over go back to the delegator. */
export async function revokeDelegation(ctx: Ctx, delegationId: string): Promise<Delegation> {
  const orgId = buyerOrgOf(ctx);
  const me = actorUserId(ctx);
  return ctx.db.transaction(async (tx) => {
    const [delegation] = await tx.select().from(approvalDelegations).where(and(eq(approvalDelegations.id, delegationId), eq(approvalDelegations.orgId, orgId))).for('update');
    if (!delegation) throw notFound('delegation', delegationId);
    if (delegation.fromUserId !== me && !hasPermission(ctx.actor, MANAGE_RULES)) throw notFound('delegation', delegationId);
    if (delegation.revokedAt) throw new Problem('state.transition_not_allowed', { command: 'revoke', resource: 'delegation', state: 'revoked' });
    const [revoked] = await tx.update(approvalDelegations).set({ revokedAt: new Date() }).where(eq(approvalDelegations.id, delegation.id)).returning();
    const returned = await moveTasks(tx, orgId, { from: delegation.toUserId, to: delegation.fromUserId, delegatedFromId: null, onlyDelegated: true });
    await emitEvent(tx, 'procurement.delegation.revoked', { delegationId, returnedTasks: returned.length }, orgId);
    await recordAudit(tx, ctx, { action: 'procurement.delegation.revoked', targetType: 'approval_delegation', targetId: delegationId, data: { returnedTasks: returned } });
    return revoked!;
  });
}

/**
 * Delegations of the organisation that concern the caller (given or received), or all of them
 * for an admin with `all`; current and future ones unless `includePast`.
 */
export async function listDelegations(ctx: Ctx, filter: { all?: boolean; includePast?: boolean; limit: number; cursor?: string }): Promise<{ items: Delegation[]; nextCursor: string | null }> {
  const orgId = buyerOrgOf(ctx);
  const me = actorUserId(ctx);
  const conditions: SQL[] = [eq(approvalDelegations.orgId, orgId)];
  if (!(filter.all && hasPermission(ctx.actor, MANAGE_RULES))) {
    conditions.push(or(eq(approvalDelegations.fromUserId, me), eq(approvalDelegations.toUserId, me))!);
  }
  if (!filter.includePast) conditions.push(isNull(approvalDelegations.revokedAt), gt(approvalDelegations.endsAt, new Date()));
  const after = cursorKey(filter.cursor, [idOf('adel')]);
  if (after) conditions.push(lt(approvalDelegations.id, after[0]!));
  const rows = await ctx.db.select().from(approvalDelegations).where(and(...conditions)).orderBy(desc(approvalDelegations.id)).limit(filter.limit + 1);
  return toPage(rows, filter.limit, (r) => [r.id]);
}

// --- reminders ----------------------------------------------------------------------------------

const REMINDER_TEXT = {
  en: {
    subject: (s: ApprovalSubject) => `Approval waiting: ${s.number} ${s.title}`,
    body: (s: ApprovalSubject, name: string, url: string) =>
      `Hello ${name},\n\n${s.number} "${s.title}" (${s.amount} ${s.currency}) is waiting for your approval.\n\nOpen your approval inbox: ${url}\n`,
  },
  'zh-CN': {
    subject: (s: ApprovalSubject) => `待审批提醒：${s.number} ${s.title}`,
    body: (s: ApprovalSubject, name: string, url: string) =>
      `${name}，您好：\n\n${s.number}「${s.title}」（${s.amount} ${s.currency}）正在等待您的审批。\n\n打开审批待办：${url}\n`,
  },
} as const;

/**
 * The reminder job: every pending task past its due time that has not been reminded gets its
 * `reminded_at` and a mail to its assignee, in one transaction per batch (SKIP LOCKED lets
 * several workers share the work). Returns how many were reminded.
 */
export async function sendApprovalReminders(db: Db, options: { publicUrl: string; now?: Date; batch?: number }): Promise<number> {
  const ctx = systemCtx(db, 'procurement.approval-reminders');
  let total = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const now = options.now ?? new Date();
      const tasks = await tx
        .select()
        .from(approvalTasks)
        .where(and(eq(approvalTasks.status, 'pending'), lte(approvalTasks.dueAt, now), isNull(approvalTasks.remindedAt)))
        .orderBy(approvalTasks.dueAt)
        .limit(options.batch ?? 100)
        .for('update', { skipLocked: true });
      if (!tasks.length) return 0;
      const byOrg = new Map<string, typeof tasks>();
      for (const t of tasks) byOrg.set(t.orgId, [...(byOrg.get(t.orgId) ?? []), t]);
      const reminded: string[] = [];
      for (const [orgId, orgTasks] of byOrg) {
        const subjects = await describeSubjects(tx, orgId, orgTasks);
        const users = new Map((await listOrgUsers(tx, orgId, { ids: orgTasks.map((t) => t.assigneeId) })).map((u) => [u.id, u]));
        for (const task of orgTasks) {
          const subject = subjects.get(`${task.documentType}:${task.documentId}`);
          const user = users.get(task.assigneeId);
          if (subject && user?.active) {
            const text = REMINDER_TEXT[user.lang ?? 'zh-CN'];
            await queueMail(tx, { to: user.email, subject: text.subject(subject), body: text.body(subject, user.name, `${options.publicUrl}/procurement/approvals`) });
          }
          await tx.update(approvalTasks).set({ remindedAt: now }).where(eq(approvalTasks.id, task.id));
          await emitEvent(tx, 'procurement.approval.reminded', { taskId: task.id, assigneeId: task.assigneeId, documentType: task.documentType, documentId: task.documentId }, orgId);
          reminded.push(task.id);
        }
      }
      await recordAudit(tx, ctx, { action: 'procurement.approval_task.reminded', targetType: 'approval_task', orgId: null, data: { taskIds: reminded } });
      return reminded.length;
    });
    total += count;
    if (count < (options.batch ?? 100)) return total;
  }
}
