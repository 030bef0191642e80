import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { hasPermission } from '../../platform/context.ts';
import { notFound } from '../../platform/problem.ts';
import { DateTime, IdParam, Money, Nullable, problems, Str } from '../../platform/schemas.ts';
import { PLATFORM_OWNER } from './accounts.ts';
import { accountStatement, balancesOf, getAccount, trialBalance } from './service.ts';

const BalanceSchema = Type.Object({
  accountId: Type.String(),
  owner: Type.String(),
  purpose: Type.String(),
  currency: Type.String(),
  type: Type.String(),
  balance: Money,
  held: Money,
  available: Money,
});

const StatementLineSchema = Type.Object({
  postingId: Type.Integer(),
  entryId: Type.String(),
  kind: Type.String(),
  memo: Nullable(Type.String()),
  referenceType: Nullable(Type.String()),
  referenceId: Nullable(Type.String()),
  occurredAt: DateTime,
  debit: Money,
  credit: Money,
});

export const ledgerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/ledger/balances', {
    config: { access: { permission: 'ledger.read' } },
    schema: {
      tags: ['ledger'],
      summary: "Balances of own organisation's accounts (platform finance: any owner, or 'platform')",
      querystring: Type.Object({ owner: Type.Optional(Str(64)) }),
      response: { 200: Type.Object({ items: Type.Array(BalanceSchema) }), ...problems(401, 403) },
    },
  }, async (req) => {
    const actor = req.ctx.actor!;
    const owner = req.query.owner && hasPermission(actor, 'platform.ledger.read') ? req.query.owner : actor.orgKinds.includes('platform') ? PLATFORM_OWNER : actor.orgId!;
    return { items: await balancesOf(req.ctx.db, owner) };
  });

  app.get('/ledger/accounts/:accountId/statement', {
    config: { access: { permission: 'ledger.read' } },
    schema: {
      tags: ['ledger'],
      summary: 'Postings on one account, newest first (cursor: the last postingId seen)',
      params: Type.Object({ accountId: IdParam }),
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), before: Type.Optional(Type.Integer({ minimum: 1 })) }),
      response: { 200: Type.Object({ account: BalanceSchema.properties.accountId, items: Type.Array(StatementLineSchema), nextBefore: Nullable(Type.Integer()) }), ...problems(401, 403, 404) },
    },
  }, async (req) => {
    const actor = req.ctx.actor!;
    const account = await getAccount(req.ctx.db, req.params.accountId).catch(() => null);
    const ownAccount = account && (account.owner === actor.orgId || (account.owner === PLATFORM_OWNER && actor.orgKinds.includes('platform')));
    if (!account || (!ownAccount && !hasPermission(actor, 'platform.ledger.read'))) throw notFound('ledger account', req.params.accountId);
    const limit = req.query.limit ?? 100;
    const items = await accountStatement(req.ctx.db, account.id, { limit, beforeId: req.query.before });
    return { account: account.id, items, nextBefore: items.length === limit ? items[items.length - 1]!.postingId : null };
  });

  app.get('/platform/ledger/trial-balance', {
    config: { access: { permission: 'platform.ledger.read' } },
    schema: {
      tags: ['ledger'],
      summary: 'Sum of all debits minus credits per currency (zero when the ledger is sound)',
      response: { 200: Type.Object({ balances: Type.Record(Type.String(), Money), balanced: Type.Boolean() }), ...problems(401, 403) },
    },
  }, async (req) => {
    const balances = await trialBalance(req.ctx.db);
    return { balances, balanced: Object.values(balances).every((v) => v === '0') };
  });
};
