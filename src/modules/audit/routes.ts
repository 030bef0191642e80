import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { Type } from 'typebox';
import { recordAudit, verifyAuditChain } from '../../platform/audit.ts';
import { hasPermission } from '../../platform/context.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { auditLog } from '../../platform/schema.ts';
import { DateTime, Nullable, Page, PageQuery, problems, Str } from '../../platform/schemas.ts';

const EntrySchema = Type.Object({
  seq: Type.Integer(),
  occurredAt: DateTime,
  actorType: Type.String(),
  actorId: Nullable(Type.String()),
  actorOrgId: Nullable(Type.String()),
  orgId: Nullable(Type.String()),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Type.String(),
  hash: Type.String(),
});

const ChainReportSchema = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  lastSeq: Nullable(Type.Integer()),
  firstBroken: Nullable(Type.Object({ seq: Type.Integer(), reason: Type.String() })),
});

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/audit-log', {
    config: { access: { permission: 'org.audit.read' } },
    schema: {
      tags: ['audit'],
      summary: 'Audit entries, newest first: own organisation, or all with platform.audit.read',
      querystring: Type.Object({
        ...PageQuery.properties,
        action: Type.Optional(Str(100)),
        targetType: Type.Optional(Str(60)),
        targetId: Type.Optional(Str(64)),
        orgId: Type.Optional(Str(64)),
      }),
      response: { 200: Page(EntrySchema), ...problems(401, 403) },
    },
  }, async (req) => {
    const { action, targetType, targetId, orgId } = req.query;
    const limit = req.query.limit ?? 50;
    const seeAll = hasPermission(req.ctx.actor, 'platform.audit.read');
    const conditions: SQL[] = [];
    if (!seeAll) conditions.push(eq(auditLog.orgId, req.ctx.actor!.orgId!));
    else if (orgId) conditions.push(eq(auditLog.orgId, orgId));
    if (action) conditions.push(eq(auditLog.action, action));
    if (targetType) conditions.push(eq(auditLog.targetType, targetType));
    if (targetId) conditions.push(eq(auditLog.targetId, targetId));
    const after = decodeCursor(req.query.cursor, ['integer']);
    if (after) conditions.push(lt(auditLog.seq, Number(after[0])));
    const rows = await req.ctx.db.select().from(auditLog).where(and(...conditions)).orderBy(desc(auditLog.seq)).limit(limit + 1);
    return toPage(rows, limit, (r) => [r.seq]);
  });

  app.post('/platform/audit-log/verify', {
    config: { access: { permission: 'platform.audit.verify' } },
    schema: { tags: ['audit'], summary: 'Verify the whole hash chain; reports the first broken link', response: { 200: ChainReportSchema, ...problems(401, 403) } },
  }, async (req) => {
    const report = await verifyAuditChain(req.ctx.db);
    await req.ctx.db.transaction(async (tx) => {
      await recordAudit(tx, req.ctx, { action: 'audit.chain.verified', targetType: 'audit_log', data: { ok: report.ok, checked: report.checked, firstBroken: report.firstBroken } });
    });
    return report;
  });
};
