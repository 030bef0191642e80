import { createHash } from 'node:crypto';
import { and, desc, eq, getTableColumns, inArray, or, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import { assertVersion } from '../../platform/concurrency.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { beforeCursor, cursorTime, decodeCursor, toPage } from '../../platform/pagination.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { transitionOrg, type OrgCommand } from './organization.state.ts';
import { checkPasswordPolicy, hashPassword } from './password.ts';
import { organizations, orgDocuments, users } from './schema.ts';
import { checkUscc, normalizeUscc } from './uscc.ts';

export type Organization = typeof organizations.$inferSelect;
export type OrgDocument = Omit<typeof orgDocuments.$inferSelect, 'content'>;

export interface OrganizationProfileInput {
  name: string;
  nameEn?: string | null;
  uscc: string;
  kinds: string[];
  partnerType?: string | null;
  region?: string | null;
  address?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

export interface RegisterInput {
  organization: OrganizationProfileInput;
  admin: { name: string; email: string; password: string; lang?: string | null };
}

export function validUscc(raw: string): string {
  const uscc = normalizeUscc(raw);
  const problem = checkUscc(uscc);
  if (problem) {
    throw new Problem('identity.uscc_invalid', { uscc, reason: problem }, {}, [
      { pointer: '/organization/uscc', in: 'body', message: `invalid unified social credit code: ${problem}` },
    ]);
  }
  return uscc;
}

async function assertUsccFree(tx: Tx, uscc: string, exceptOrgId?: string): Promise<void> {
  const [taken] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.uscc, uscc));
  if (taken && taken.id !== exceptOrgId) {
    throw new Problem('identity.uscc_taken', { uscc }, {}, [{ pointer: '/organization/uscc', in: 'body', message: 'already registered' }]);
  }
}

export async function assertEmailFree(tx: Tx, email: string, pointer = '/admin/email'): Promise<void> {
  const [taken] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  if (taken) throw new Problem('identity.email_taken', { email }, {}, [{ pointer, in: 'body', message: 'already registered' }]);
}

export function assertPasswordPolicy(password: string, email: string, pointer: string): void {
  const weakness = checkPasswordPolicy(password, email);
  if (weakness) throw new Problem('identity.weak_password', { reason: weakness }, {}, [{ pointer, in: 'body', message: weakness }]);
}

/** Registers an organisation (as draft) with its first admin; review starts on `submitRegistration`. */
export async function registerOrganization(ctx: Ctx, input: RegisterInput): Promise<{ organization: Organization; userId: string }> {
  const uscc = validUscc(input.organization.uscc);
  const email = input.admin.email.trim().toLowerCase();
  assertPasswordPolicy(input.admin.password, email, '/admin/password');
  const passwordHash = await hashPassword(input.admin.password);
  return ctx.db.transaction(async (tx) => {
    await assertUsccFree(tx, uscc);
    await assertEmailFree(tx, email);
    const orgId = newId('org');
    const userId = newId('usr');
    const [organization] = await tx
      .insert(organizations)
      .values({ ...profileColumns(input.organization), uscc, id: orgId, status: 'draft' })
      .returning();
    await tx.insert(users).values({
      id: userId,
      orgId,
      email,
      name: input.admin.name,
      passwordHash,
      roles: ['org_admin'],
      lang: input.admin.lang ?? null,
    });
    const actorCtx = { ...ctx, actor: null };
    await emitEvent(tx, 'identity.organization.registered', { orgId }, orgId);
    await recordAudit(tx, actorCtx, { action: 'identity.organization.registered', targetType: 'organization', targetId: orgId, orgId, data: { uscc, kinds: input.organization.kinds, adminUserId: userId } });
    return { organization: organization!, userId };
  });
}

function profileColumns(p: OrganizationProfileInput) {
  const kinds = [...new Set(p.kinds)].sort();
  return {
    name: p.name.trim(),
    nameEn: p.nameEn ?? null,
    kinds,
    partnerType: kinds.includes('partner') ? (p.partnerType ?? null) : null,
    region: p.region ?? null,
    address: p.address ?? null,
    contactName: p.contactName ?? null,
    contactPhone: p.contactPhone ?? null,
  };
}

export async function getOrganization(tx: Tx, orgId: string): Promise<Organization> {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw notFound('organization', orgId);
  return org;
}

/** Edits the caller's organisation profile; the code is editable only before approval. */
export async function updateOwnOrganization(
  ctx: Ctx,
  input: Partial<OrganizationProfileInput> & { version?: number; ifMatch?: string },
): Promise<Organization> {
  const orgId = ctx.actor!.orgId!;
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(organizations).where(eq(organizations.id, orgId)).for('update');
    if (!current) throw notFound('organization', orgId);
    assertVersion('organization', current.version, { version: input.version, ifMatch: input.ifMatch });
    const editableCode = current.status === 'draft' || current.status === 'rejected';
    let uscc = current.uscc;
    if (input.uscc !== undefined && normalizeUscc(input.uscc) !== current.uscc) {
      if (!editableCode) throw new Problem('state.transition_not_allowed', { command: 'change the credit code of', resource: 'organization', state: current.status });
      uscc = validUscc(input.uscc);
      await assertUsccFree(tx, uscc, orgId);
    }
    const merged = { ...current, ...definedOnly(input) } as OrganizationProfileInput;
    if (!editableCode && input.kinds && [...new Set(input.kinds)].sort().join() !== current.kinds.join()) {
      throw new Problem('state.transition_not_allowed', { command: 'change the kinds of', resource: 'organization', state: current.status });
    }
    const [updated] = await tx
      .update(organizations)
      .set({ ...profileColumns(merged), uscc, updatedAt: new Date(), version: current.version + 1 })
      .where(and(eq(organizations.id, orgId), eq(organizations.version, current.version)))
      .returning();
    await emitEvent(tx, 'identity.organization.changed', { orgId }, orgId);
    await recordAudit(tx, ctx, { action: 'identity.organization.updated', targetType: 'organization', targetId: orgId, data: definedOnly(input) });
    return updated!;
  });
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && k !== 'version' && k !== 'ifMatch')) as Partial<T>;
}

const ALLOWED_DOC_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg']);

/** The uploader's file name, without control characters (PostgreSQL refuses NUL), at most 200 characters. */
function safeFilename(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || 'document';
}

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export async function addOrgDocument(
  ctx: Ctx,
  input: { kind: string; filename: string; contentType: string; content: Buffer },
): Promise<OrgDocument> {
  if (!ALLOWED_DOC_TYPES.has(input.contentType)) {
    throw new Problem('identity.document_invalid', { reason: `type ${input.contentType} is not PDF, PNG or JPEG` });
  }
  if (input.content.length === 0 || input.content.length > MAX_DOCUMENT_BYTES) {
    throw new Problem('identity.document_invalid', { reason: `size must be 1 byte to ${MAX_DOCUMENT_BYTES} bytes` });
  }
  const orgId = ctx.actor!.orgId!;
  return ctx.db.transaction(async (tx) => {
    const id = newId('doc');
    const sha256 = createHash('sha256').update(input.content).digest('hex');
    const [doc] = await tx
      .insert(orgDocuments)
      .values({ id, orgId, kind: input.kind, filename: safeFilename(input.filename), contentType: input.contentType, sizeBytes: input.content.length, sha256, content: input.content, uploadedBy: ctx.actor!.id })
      .returning();
    await recordAudit(tx, ctx, { action: 'identity.organization.document_added', targetType: 'org_document', targetId: id, data: { kind: input.kind, sha256, sizeBytes: input.content.length } });
    const { content: _content, ...meta } = doc!;
    return meta;
  });
}

export async function listOrgDocuments(tx: Tx, orgId: string): Promise<OrgDocument[]> {
  const { content: _content, ...columns } = getTableColumns(orgDocuments);
  return tx.select(columns).from(orgDocuments).where(eq(orgDocuments.orgId, orgId)).orderBy(desc(orgDocuments.createdAt));
}

/** Reads a document's bytes; the read is audited because licences carry personal data. */
export async function readOrgDocument(ctx: Ctx, orgId: string, documentId: string): Promise<typeof orgDocuments.$inferSelect> {
  return ctx.db.transaction(async (tx) => {
    const [doc] = await tx.select().from(orgDocuments).where(and(eq(orgDocuments.id, documentId), eq(orgDocuments.orgId, orgId)));
    if (!doc) throw notFound('document', documentId);
    await recordAudit(tx, ctx, { action: 'identity.organization.document_read', targetType: 'org_document', targetId: documentId, orgId });
    return doc;
  });
}

/** Sends the registration (or a corrected one) to the platform's review queue. */
export async function submitRegistration(ctx: Ctx): Promise<Organization> {
  const orgId = ctx.actor!.orgId!;
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(organizations).where(eq(organizations.id, orgId)).for('update');
    if (!current) throw notFound('organization', orgId);
    const next = transitionOrg(current.status, 'submit');
    const [licence] = await tx.select({ id: orgDocuments.id }).from(orgDocuments).where(and(eq(orgDocuments.orgId, orgId), eq(orgDocuments.kind, 'business_licence'))).limit(1);
    if (!licence) throw new Problem('identity.licence_missing');
    const [updated] = await tx
      .update(organizations)
      .set({ status: next, submittedAt: new Date(), updatedAt: new Date(), version: current.version + 1 })
      .where(eq(organizations.id, orgId))
      .returning();
    await emitEvent(tx, 'identity.organization.submitted', { orgId }, orgId);
    await recordAudit(tx, ctx, { action: 'identity.organization.submitted', targetType: 'organization', targetId: orgId });
    return updated!;
  });
}

/** Platform review and supervision of an organisation: approve, reject, suspend, reinstate. */
export async function reviewOrganization(ctx: Ctx, orgId: string, command: Exclude<OrgCommand, 'submit'>, note: string | null): Promise<Organization> {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(organizations).where(eq(organizations.id, orgId)).for('update');
    if (!current || current.kinds.includes('platform')) throw notFound('organization', orgId);
    const next = transitionOrg(current.status, command);
    const [updated] = await tx
      .update(organizations)
      .set({ status: next, reviewNote: note, reviewedAt: new Date(), reviewedBy: ctx.actor!.id, updatedAt: new Date(), version: current.version + 1 })
      .where(eq(organizations.id, orgId))
      .returning();
    const pastTense = { approve: 'approved', reject: 'rejected', suspend: 'suspended', reinstate: 'reinstated' }[command];
    await emitEvent(tx, `identity.organization.${pastTense}`, { orgId, note }, orgId);
    await emitEvent(tx, 'identity.organization.changed', { orgId }, orgId);
    await recordAudit(tx, ctx, { action: `identity.organization.${pastTense}`, targetType: 'organization', targetId: orgId, orgId, data: { from: current.status, to: next, note } });
    return updated!;
  });
}

export async function listOrganizations(
  tx: Tx,
  filter: { status?: string; kind?: string; q?: string; limit: number; cursor?: string },
): Promise<{ items: Organization[]; nextCursor: string | null }> {
  const after = decodeCursor(filter.cursor, ['timestamp', 'string']) as [string, string] | null;
  const conditions = [sql`not ('platform' = any(${organizations.kinds}))`];
  if (filter.status) conditions.push(eq(organizations.status, filter.status));
  if (filter.kind) conditions.push(sql`${filter.kind} = any(${organizations.kinds})`);
  if (filter.q) conditions.push(or(sql`${organizations.name} ilike ${`%${filter.q}%`}`, sql`${organizations.uscc} ilike ${`%${filter.q}%`}`)!);
  if (after) conditions.push(beforeCursor(organizations.createdAt, organizations.id, after));
  const rows = await tx
    .select({ ...getTableColumns(organizations), cursorAt: cursorTime(organizations.createdAt) })
    .from(organizations)
    .where(and(...conditions))
    .orderBy(desc(organizations.createdAt), desc(organizations.id))
    .limit(filter.limit + 1);
  const { items, nextCursor } = toPage(rows, filter.limit, (r) => [r.cursorAt, r.id]);
  return { items: items.map(({ cursorAt: _cursorAt, ...org }) => org), nextCursor };
}

export async function organizationsByIds(tx: Tx, ids: string[]): Promise<Organization[]> {
  if (!ids.length) return [];
  return tx.select().from(organizations).where(inArray(organizations.id, ids));
}
