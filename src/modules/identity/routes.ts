import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { etagOf } from '../../platform/concurrency.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../platform/http.ts';
import { Problem } from '../../platform/problem.ts';
import { DateTime, Email, IdParam, NonEmpty, Nullable, Ok, Page, PageQuery, problems, Str } from '../../platform/schemas.ts';
import {
  beginMfaEnrollment,
  confirmMfaEnrollment,
  signIn,
  signOut,
  startSession,
  verifyMfa,
  type IdentityAuthenticator,
  type SignInThrottle,
  type IssuedSession,
} from './authn.ts';
import {
  addOrgDocument,
  getOrganization,
  listOrgDocuments,
  listOrganizations,
  MAX_DOCUMENT_BYTES,
  readOrgDocument,
  registerOrganization,
  reviewOrganization,
  submitRegistration,
  updateOwnOrganization,
  type Organization,
  type OrgDocument,
} from './organizations.ts';
import { requiresMfa, rolesForKinds } from './roles.ts';
import {
  acceptInvitation,
  changePassword,
  createApiKey,
  getMe,
  getUser,
  inviteUser,
  listApiKeys,
  listInvitations,
  listUsers,
  revokeApiKey,
  revokeInvitation,
  showInvitation,
  updateMe,
  updateUser,
  type ApiKey,
  type Invitation,
  type User,
} from './users.ts';

const OrgKind = Type.Union([Type.Literal('buyer'), Type.Literal('supplier'), Type.Literal('partner')]);
const LangSchema = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);
const Code = Type.String({ minLength: 6, maxLength: 10, pattern: '^[0-9 ]+$' });

export const OrganizationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  uscc: Type.String(),
  kinds: Type.Array(Type.String()),
  partnerType: Nullable(Type.String()),
  status: Type.String(),
  region: Nullable(Type.String()),
  address: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String()),
  reviewNote: Nullable(Type.String()),
  submittedAt: Nullable(DateTime),
  reviewedAt: Nullable(DateTime),
  createdAt: DateTime,
  version: Type.Integer(),
});

const DocumentSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  filename: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  createdAt: DateTime,
});

const UserSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  status: Type.String(),
  lang: Nullable(Type.String()),
  mfaEnabled: Type.Boolean(),
  lastLoginAt: Nullable(DateTime),
  createdAt: DateTime,
  version: Type.Integer(),
});

const InvitationSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Nullable(Type.String()),
  roles: Type.Array(Type.String()),
  status: Type.String(),
  expiresAt: DateTime,
  createdAt: DateTime,
  acceptedAt: Nullable(DateTime),
});

const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  permissions: Type.Array(Type.String()),
  createdBy: Type.String(),
  createdAt: DateTime,
  expiresAt: Nullable(DateTime),
  lastUsedAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
});

const SignInResult = Type.Object({
  status: Type.Union([Type.Literal('signed_in'), Type.Literal('mfa_required'), Type.Literal('mfa_enrollment_required')]),
  csrfToken: Type.String(),
  expiresAt: DateTime,
});

const MeSchema = Type.Object({
  user: UserSchema,
  organization: OrganizationSchema,
  permissions: Type.Array(Type.String()),
  mfa: Type.Object({ enabled: Type.Boolean(), required: Type.Boolean(), passed: Type.Boolean() }),
});

const ProfileBody = {
  name: NonEmpty(200),
  nameEn: Type.Optional(Nullable(Str(200))),
  uscc: Type.String({ minLength: 1, maxLength: 32 }),
  kinds: Type.Array(OrgKind, { minItems: 1, maxItems: 3, uniqueItems: true }),
  partnerType: Type.Optional(Nullable(Type.Union([Type.Literal('logistics'), Type.Literal('inspection'), Type.Literal('finance'), Type.Literal('legal')]))),
  region: Type.Optional(Nullable(Str(100))),
  address: Type.Optional(Nullable(Str(300))),
  contactName: Type.Optional(Nullable(Str(100))),
  contactPhone: Type.Optional(Nullable(Str(40))),
};

const PasswordField = Type.String({ minLength: 1, maxLength: 128 });

export const toOrganization = (o: Organization) => o;
const toUser = (u: User) => u;
const toInvitation = (i: Invitation) => i;
const toApiKey = (k: ApiKey) => k;
const toDocument = (d: OrgDocument) => d;

export interface IdentityRouteOptions {
  authenticator: IdentityAuthenticator;
  publicUrl: string;
  secureCookies: boolean;
  throttle: SignInThrottle;
}

export const identityRoutes: FastifyPluginAsyncTypebox<IdentityRouteOptions> = async (app, options) => {
  const { authenticator, publicUrl, secureCookies } = options;

  function setSessionCookies(reply: FastifyReply, issued: IssuedSession): void {
    const base = { path: '/', sameSite: 'lax' as const, secure: secureCookies, expires: issued.expiresAt };
    void reply.setCookie(SESSION_COOKIE, issued.token, { ...base, httpOnly: true });
    // Readable by the page's script so it can echo it in X-CSRF-Token; a foreign site cannot read it.
    void reply.setCookie(CSRF_COOKIE, issued.csrfToken, { ...base, httpOnly: false });
  }
  const signInBody = (issued: IssuedSession) => ({ status: issued.status, csrfToken: issued.csrfToken, expiresAt: issued.expiresAt.toISOString() });
  const afterIdentityChange = () => authenticator.invalidate();

  // --- registration and sign-in -------------------------------------------------------------
  app.post('/registrations', {
    config: { access: { public: true } },
    schema: {
      tags: ['identity'],
      summary: 'Register an organisation with its first admin (starts as draft)',
      body: Type.Object({
        organization: Type.Object(ProfileBody),
        admin: Type.Object({ name: NonEmpty(100), email: Email, password: PasswordField, lang: Type.Optional(LangSchema) }),
      }),
      response: { 201: Type.Object({ organization: OrganizationSchema, session: SignInResult }), ...problems(409, 422) },
    },
  }, async (req, reply) => {
    const { organization, userId } = await registerOrganization(req.ctx, req.body);
    const issued = await startSession(req.ctx, userId, req.headers['user-agent'] ?? null);
    setSessionCookies(reply, issued);
    return reply.code(201).send({ organization: toOrganization(organization), session: signInBody(issued) });
  });

  app.post('/auth/sign-in', {
    config: { access: { public: true } },
    schema: {
      tags: ['auth'],
      summary: 'Sign in with e-mail and password; may ask for MFA next',
      body: Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }), password: PasswordField }),
      response: { 200: SignInResult, ...problems(401, 403, 429) },
    },
  }, async (req, reply) => {
    options.throttle.check(req.ip);
    const issued = await signIn(req.ctx, { ...req.body, userAgent: req.headers['user-agent'] ?? null });
    setSessionCookies(reply, issued);
    return signInBody(issued);
  });

  app.post('/auth/mfa/verify', {
    config: { access: { mfaPending: true, inactiveOrg: true } },
    schema: { tags: ['auth'], summary: 'Pass the second factor with a TOTP code', body: Type.Object({ code: Code }), response: { 200: Ok, ...problems(401, 409, 422) } },
  }, async (req) => {
    await verifyMfa(req.ctx, req.body.code);
    afterIdentityChange();
    return { ok: true };
  });

  app.post('/auth/mfa/enrollment', {
    config: { access: { mfaPending: true, inactiveOrg: true } },
    schema: { tags: ['auth'], summary: 'Start TOTP enrolment: returns the secret and otpauth URI', response: { 200: Type.Object({ secret: Type.String(), otpauthUri: Type.String() }), ...problems(401, 409) } },
  }, async (req) => beginMfaEnrollment(req.ctx));

  app.post('/auth/mfa/enrollment/confirm', {
    config: { access: { mfaPending: true, inactiveOrg: true } },
    schema: { tags: ['auth'], summary: 'Confirm TOTP enrolment with a first code', body: Type.Object({ code: Code }), response: { 200: Ok, ...problems(401, 409, 422) } },
  }, async (req) => {
    await confirmMfaEnrollment(req.ctx, req.body.code);
    afterIdentityChange();
    return { ok: true };
  });

  app.post('/auth/sign-out', {
    config: { access: { mfaPending: true, inactiveOrg: true } },
    schema: { tags: ['auth'], summary: 'End the current session', response: { 200: Ok, ...problems(401) } },
  }, async (req, reply) => {
    await signOut(req.ctx);
    afterIdentityChange();
    void reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
    return { ok: true };
  });

  // --- the current user ---------------------------------------------------------------------
  app.get('/me', {
    config: { access: { mfaPending: true, inactiveOrg: true } },
    schema: { tags: ['me'], summary: 'The signed-in user, organisation and permissions', response: { 200: MeSchema, ...problems(401) } },
  }, async (req) => {
    const me = await getMe(req.ctx);
    return {
      user: toUser(me.user),
      organization: toOrganization(me.organization),
      permissions: me.permissions,
      mfa: { enabled: me.user.mfaEnabled, required: requiresMfa(me.organization.kinds), passed: req.ctx.actor!.mfaPassed },
    };
  });

  app.patch('/me', {
    config: { access: { inactiveOrg: true } },
    schema: { tags: ['me'], summary: 'Change own name or remembered language', body: Type.Object({ name: Type.Optional(NonEmpty(100)), lang: Type.Optional(LangSchema) }), response: { 200: Ok, ...problems(401) } },
  }, async (req) => {
    await updateMe(req.ctx, req.body);
    afterIdentityChange();
    return { ok: true };
  });

  app.post('/me/password', {
    config: { access: { inactiveOrg: true } },
    schema: { tags: ['me'], summary: 'Change own password', body: Type.Object({ currentPassword: PasswordField, newPassword: PasswordField }), response: { 200: Ok, ...problems(401, 422) } },
  }, async (req) => {
    await changePassword(req.ctx, req.body);
    return { ok: true };
  });

  app.get('/roles', {
    config: { access: { inactiveOrg: true } },
    schema: {
      tags: ['me'],
      summary: 'Roles this organisation can assign, with their permissions',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ key: Type.String(), party: Type.String(), name: Type.String(), permissions: Type.Array(Type.String()) })) }), ...problems(401) },
    },
  }, async (req) => ({
    items: rolesForKinds(req.ctx.actor!.orgKinds).map((r) => ({ key: r.key, party: r.party, name: r.name[req.ctx.lang], permissions: [...r.permissions].sort() })),
  }));

  // --- own organisation ---------------------------------------------------------------------
  app.get('/organization', {
    config: { access: { inactiveOrg: true, permission: 'org.profile.read' } },
    schema: { tags: ['organization'], summary: 'Own organisation with its documents', response: { 200: Type.Object({ organization: OrganizationSchema, documents: Type.Array(DocumentSchema) }), ...problems(401, 403) } },
  }, async (req, reply) => {
    const organization = await getOrganization(req.ctx.db, req.ctx.actor!.orgId!);
    void reply.header('etag', etagOf(organization.version));
    return { organization: toOrganization(organization), documents: (await listOrgDocuments(req.ctx.db, organization.id)).map(toDocument) };
  });

  app.patch('/organization', {
    config: { access: { inactiveOrg: true, permission: 'org.profile.manage' } },
    schema: {
      tags: ['organization'],
      summary: 'Edit own organisation (send version or If-Match)',
      body: Type.Object({ ...Type.Partial(Type.Object(ProfileBody)).properties, version: Type.Optional(Type.Integer({ minimum: 1 })) }),
      response: { 200: OrganizationSchema, ...problems(401, 403, 409, 412, 422) },
    },
  }, async (req, reply) => {
    const updated = await updateOwnOrganization(req.ctx, { ...req.body, ifMatch: req.headers['if-match'] });
    afterIdentityChange();
    void reply.header('etag', etagOf(updated.version));
    return toOrganization(updated);
  });

  app.post('/organization/documents', {
    config: { access: { inactiveOrg: true, permission: 'org.profile.manage' } },
    bodyLimit: MAX_DOCUMENT_BYTES + 64 * 1024,
    schema: {
      tags: ['organization'],
      summary: 'Upload a document (multipart: field `kind`, file `file`), e.g. the business licence',
      consumes: ['multipart/form-data'],
      response: { 201: DocumentSchema, ...problems(401, 403, 413, 415, 422) },
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new Problem('request.unsupported_media_type', { contentType: req.headers['content-type'] ?? 'none' });
    let kind = 'business_licence';
    let file: { filename: string; mimetype: string; content: Buffer } | null = null;
    try {
      for await (const part of req.parts({ limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 5 } })) {
        if (part.type === 'file') {
          const content = await part.toBuffer();
          file = { filename: part.filename, mimetype: part.mimetype, content };
        } else if (part.fieldname === 'kind' && typeof part.value === 'string') {
          kind = part.value.slice(0, 40);
        }
      }
    } catch (error) {
      // The multipart parser throws plain errors for a broken body (no boundary, cut short): client input.
      if (error instanceof Problem || (error as { statusCode?: number }).statusCode) throw error;
      throw new Problem('request.malformed', { reason: `The multipart body could not be read: ${(error as Error).message}` });
    }
    if (!file) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/file', in: 'body', message: 'a file part is required' }]);
    if (!['business_licence', 'other'].includes(kind)) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/kind', in: 'body', message: 'must be business_licence or other' }]);
    const doc = await addOrgDocument(req.ctx, { kind, filename: file.filename, contentType: file.mimetype, content: file.content });
    return reply.code(201).send(toDocument(doc));
  });

  app.get('/organization/documents/:documentId', {
    config: { access: { inactiveOrg: true, permission: 'org.profile.read' } },
    schema: { tags: ['organization'], summary: 'Download one of own documents', params: Type.Object({ documentId: IdParam }), response: problems(401, 403, 404) },
  }, async (req, reply) => sendDocument(reply, await readOrgDocument(req.ctx, req.ctx.actor!.orgId!, req.params.documentId)));

  app.post('/organization/submit', {
    config: { access: { inactiveOrg: true, permission: 'org.profile.manage' } },
    schema: { tags: ['organization'], summary: 'Submit (or resubmit) the registration for platform review', response: { 200: OrganizationSchema, ...problems(401, 403, 409, 422) } },
  }, async (req) => {
    const org = await submitRegistration(req.ctx);
    afterIdentityChange();
    return toOrganization(org);
  });

  // --- users and invitations ----------------------------------------------------------------
  app.get('/organization/users', {
    config: { access: { permission: 'org.users.read' } },
    schema: { tags: ['users'], summary: 'Users of own organisation', querystring: PageQuery, response: { 200: Page(UserSchema), ...problems(401, 403) } },
  }, async (req) => {
    const page = await listUsers(req.ctx, { limit: req.query.limit ?? 50, cursor: req.query.cursor });
    return { items: page.items.map(toUser), nextCursor: page.nextCursor };
  });

  app.get('/organization/users/:userId', {
    config: { access: { permission: 'org.users.read' } },
    schema: { tags: ['users'], summary: 'One user of own organisation', params: Type.Object({ userId: IdParam }), response: { 200: UserSchema, ...problems(401, 403, 404) } },
  }, async (req, reply) => {
    const user = await getUser(req.ctx, req.params.userId);
    void reply.header('etag', etagOf(user.version));
    return toUser(user);
  });

  app.patch('/organization/users/:userId', {
    config: { access: { permission: 'org.users.manage' } },
    schema: {
      tags: ['users'],
      summary: "Change a user's roles, status or name (send version or If-Match)",
      params: Type.Object({ userId: IdParam }),
      body: Type.Object({
        roles: Type.Optional(Type.Array(Str(40), { minItems: 1, maxItems: 20, uniqueItems: true })),
        status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
        name: Type.Optional(NonEmpty(100)),
        version: Type.Optional(Type.Integer({ minimum: 1 })),
      }),
      response: { 200: UserSchema, ...problems(401, 403, 404, 409, 412, 422) },
    },
  }, async (req, reply) => {
    const user = await updateUser(req.ctx, req.params.userId, { ...req.body, ifMatch: req.headers['if-match'] });
    afterIdentityChange();
    void reply.header('etag', etagOf(user.version));
    return toUser(user);
  });

  app.get('/organization/invitations', {
    config: { access: { permission: 'org.users.read' } },
    schema: { tags: ['users'], summary: 'Invitations sent by own organisation', querystring: PageQuery, response: { 200: Page(InvitationSchema), ...problems(401, 403) } },
  }, async (req) => {
    const page = await listInvitations(req.ctx, { limit: req.query.limit ?? 50, cursor: req.query.cursor });
    return { items: page.items.map(toInvitation), nextCursor: page.nextCursor };
  });

  app.post('/organization/invitations', {
    config: { access: { permission: 'org.users.manage' } },
    schema: {
      tags: ['users'],
      summary: 'Invite a user by e-mail with roles',
      body: Type.Object({ email: Email, name: Type.Optional(Nullable(Str(100))), roles: Type.Array(Str(40), { minItems: 1, maxItems: 20, uniqueItems: true }) }),
      response: { 201: InvitationSchema, ...problems(401, 403, 409, 422) },
    },
  }, async (req, reply) => {
    const invitation = await inviteUser(req.ctx, { ...req.body, acceptBaseUrl: publicUrl });
    return reply.code(201).send(toInvitation(invitation));
  });

  app.post('/organization/invitations/:invitationId/revoke', {
    config: { access: { permission: 'org.users.manage' } },
    schema: { tags: ['users'], summary: 'Revoke a pending invitation', params: Type.Object({ invitationId: IdParam }), response: { 200: InvitationSchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => toInvitation(await revokeInvitation(req.ctx, req.params.invitationId)));

  app.get('/invitations/:token', {
    config: { access: { public: true } },
    schema: {
      tags: ['users'],
      summary: 'What an invitation link is for (public)',
      params: Type.Object({ token: Str(100) }),
      response: { 200: Type.Object({ email: Type.String(), name: Nullable(Type.String()), organizationName: Type.String(), roles: Type.Array(Type.String()), expiresAt: DateTime }), ...problems(410) },
    },
  }, async (req) => {
    const { invitation, orgName } = await showInvitation(req.ctx, req.params.token);
    return { email: invitation.email, name: invitation.name, organizationName: orgName, roles: invitation.roles, expiresAt: invitation.expiresAt.toISOString() };
  });

  app.post('/invitations/:token/accept', {
    config: { access: { public: true } },
    schema: {
      tags: ['users'],
      summary: 'Accept an invitation: set name and password, then signed in',
      params: Type.Object({ token: Str(100) }),
      body: Type.Object({ name: NonEmpty(100), password: PasswordField, lang: Type.Optional(LangSchema) }),
      response: { 201: Type.Object({ user: UserSchema, session: SignInResult }), ...problems(409, 410, 422) },
    },
  }, async (req, reply) => {
    const user = await acceptInvitation(req.ctx, req.params.token, req.body);
    const issued = await startSession(req.ctx, user.id, req.headers['user-agent'] ?? null);
    setSessionCookies(reply, issued);
    return reply.code(201).send({ user: toUser(user), session: signInBody(issued) });
  });

  // --- API keys -----------------------------------------------------------------------------
  app.get('/organization/api-keys', {
    config: { access: { permission: 'org.apikeys.manage' } },
    schema: { tags: ['api-keys'], summary: 'API keys of own organisation (secrets are never shown again)', response: { 200: Type.Object({ items: Type.Array(ApiKeySchema) }), ...problems(401, 403) } },
  }, async (req) => ({ items: (await listApiKeys(req.ctx)).map(toApiKey) }));

  app.post('/organization/api-keys', {
    config: { access: { permission: 'org.apikeys.manage' } },
    schema: {
      tags: ['api-keys'],
      summary: 'Create an API key scoped to permissions; the secret is in this response only',
      body: Type.Object({
        name: NonEmpty(100),
        permissions: Type.Array(Str(80), { minItems: 1, maxItems: 100, uniqueItems: true }),
        expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
      }),
      response: { 201: Type.Object({ apiKey: ApiKeySchema, secret: Type.String() }), ...problems(401, 403, 422) },
    },
  }, async (req, reply) => {
    const created = await createApiKey(req.ctx, req.body);
    return reply.code(201).send({ apiKey: toApiKey(created.apiKey), secret: created.secret });
  });

  app.post('/organization/api-keys/:apiKeyId/revoke', {
    config: { access: { permission: 'org.apikeys.manage' } },
    schema: { tags: ['api-keys'], summary: 'Revoke an API key at once', params: Type.Object({ apiKeyId: IdParam }), response: { 200: ApiKeySchema, ...problems(401, 403, 404, 409) } },
  }, async (req) => {
    const key = await revokeApiKey(req.ctx, req.params.apiKeyId);
    afterIdentityChange();
    return toApiKey(key);
  });

  // --- platform review ----------------------------------------------------------------------
  app.get('/platform/organizations', {
    config: { access: { permission: 'platform.orgs.read' } },
    schema: {
      tags: ['platform'],
      summary: 'Organisations, filtered by status (the review queue is status=pending_review)',
      querystring: Type.Object({
        ...PageQuery.properties,
        status: Type.Optional(Type.Union(['draft', 'pending_review', 'active', 'rejected', 'suspended'].map((s) => Type.Literal(s)))),
        kind: Type.Optional(OrgKind),
        q: Type.Optional(Str(100)),
      }),
      response: { 200: Page(OrganizationSchema), ...problems(401, 403) },
    },
  }, async (req) => {
    const page = await listOrganizations(req.ctx.db, { ...req.query, limit: req.query.limit ?? 50 });
    return { items: page.items.map(toOrganization), nextCursor: page.nextCursor };
  });

  app.get('/platform/organizations/:orgId', {
    config: { access: { permission: 'platform.orgs.read' } },
    schema: {
      tags: ['platform'],
      summary: 'One organisation with its documents, for review',
      params: Type.Object({ orgId: IdParam }),
      response: { 200: Type.Object({ organization: OrganizationSchema, documents: Type.Array(DocumentSchema) }), ...problems(401, 403, 404) },
    },
  }, async (req) => {
    const organization = await getOrganization(req.ctx.db, req.params.orgId);
    return { organization: toOrganization(organization), documents: (await listOrgDocuments(req.ctx.db, organization.id)).map(toDocument) };
  });

  app.get('/platform/organizations/:orgId/documents/:documentId', {
    config: { access: { permission: 'platform.orgs.read' } },
    schema: { tags: ['platform'], summary: "Download an organisation's document (audited)", params: Type.Object({ orgId: IdParam, documentId: IdParam }), response: problems(401, 403, 404) },
  }, async (req, reply) => sendDocument(reply, await readOrgDocument(req.ctx, req.params.orgId, req.params.documentId)));

  for (const command of ['approve', 'reject', 'suspend', 'reinstate'] as const) {
    const needsReason = command === 'reject' || command === 'suspend';
    app.post(`/platform/organizations/:orgId/${command}`, {
      config: { access: { permission: 'platform.orgs.review' } },
      schema: {
        tags: ['platform'],
        summary: `${command[0]!.toUpperCase()}${command.slice(1)} an organisation${needsReason ? ' (reason required)' : ''}`,
        params: Type.Object({ orgId: IdParam }),
        body: needsReason ? Type.Object({ reason: NonEmpty(1000) }) : Type.Object({ note: Type.Optional(Str(1000)) }),
        response: { 200: OrganizationSchema, ...problems(401, 403, 404, 409) },
      },
    }, async (req) => {
      const body = req.body as { reason?: string; note?: string };
      const org = await reviewOrganization(req.ctx, req.params.orgId, command, body.reason ?? body.note ?? null);
      afterIdentityChange();
      return toOrganization(org);
    });
  }
};

function sendDocument(reply: FastifyReply, doc: { filename: string; contentType: string; content: Buffer; sha256: string }) {
  return reply
    .type(doc.contentType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`)
    .header('x-content-sha256', doc.sha256)
    .send(doc.content);
}

