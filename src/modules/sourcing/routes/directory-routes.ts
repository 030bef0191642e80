import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Nullable, problems, Str } from '../../../platform/schemas.ts';
import { PERM } from '../permissions.ts';
import { designatableColleagues, supplierCandidates } from '../service/directory.ts';
import { tags } from './shared.ts';

/** What the buyer's RFQ and tender wizards pick from: suppliers to invite, colleagues to designate. */
export const directoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/sourcing/suppliers', {
    config: { access: { permission: PERM.manage } },
    schema: {
      tags,
      summary: 'Active suppliers to invite, by name or credit code; with categoryCode the category matches (as a category audience would invite them)',
      querystring: Type.Object({
        q: Type.Optional(Str(60)),
        categoryCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$', maxLength: 12 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        cursor: Type.Optional(Str(512)),
      }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), region: Nullable(Type.String()), matched: Type.Boolean() })), nextCursor: Nullable(Type.String()) }), ...problems(401, 403) },
    },
  }, async (req) => supplierCandidates(req.ctx, { ...req.query, limit: req.query.limit ?? 50 }));

  app.get('/sourcing/colleagues', {
    config: { access: { permission: PERM.manage } },
    schema: {
      tags,
      summary: 'Colleagues who may be designated tender openers (role=opener) or evaluators (role=evaluator)',
      querystring: Type.Object({ role: Type.Union([Type.Literal('opener'), Type.Literal('evaluator')]) }),
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), roles: Type.Array(Type.String()) })) }), ...problems(401, 403) },
    },
  }, async (req) => ({ items: await designatableColleagues(req.ctx, req.query.role) }));
};
