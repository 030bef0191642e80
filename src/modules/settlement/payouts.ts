import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { dec, money } from '../../platform/money.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { getOrganization } from '../identity/index.ts';
import { balanceOf, postEntry } from '../ledger/index.ts';
import { actorOrg, lockName, seesAll, PLATFORM } from './common.ts';
import { payouts, type Payout } from './schema.ts';

/**
 * Platform finance pays a supplier out of what the platform owes it. Payouts of one supplier run
 * one at a time (advisory lock), so two cannot both spend the same payable balance.
 */
export async function createPayout(ctx: Ctx, input: { supplierOrgId: string; amount: string; reference?: string }): Promise<Payout> {
  return ctx.db.transaction(async (tx) => {
    const supplier = await getOrganization(tx, input.supplierOrgId).catch(() => null);
    if (!supplier || !supplier.kinds.includes('supplier')) throw notFound('supplier', input.supplierOrgId);
    await lockName(tx, `settlement.payout:${input.supplierOrgId}`);
    const amount = dec(input.amount);
    const payable = await balanceOf(tx, { owner: input.supplierOrgId, purpose: 'supplier_payable' });
    if (amount.gt(payable.available)) {
      throw new Problem('settlement.payout_exceeds_payable', { amount: money(amount), currency: 'CNY', available: payable.available }, { available: payable.available }, [
        { pointer: '/amount', in: 'body', message: `at most ${payable.available}` },
      ]);
    }
    const id = newId('pout');
    const entryId = await postEntry(tx, ctx, {
      kind: 'settlement.payout',
      memo: `Payout to ${supplier.name}${input.reference ? ` (${input.reference})` : ''}`,
      reference: { type: 'payout', id },
      dedupeKey: `payout:${id}`,
      postings: [
        { account: { owner: input.supplierOrgId, purpose: 'supplier_payable' }, debit: amount },
        { account: { owner: PLATFORM, purpose: 'cash' }, credit: amount },
      ],
    });
    const [payout] = await tx
      .insert(payouts)
      .values({ id, supplierOrgId: input.supplierOrgId, amount: money(amount, 4), status: 'paid', reference: input.reference ?? null, ledgerEntryId: entryId, createdBy: ctx.actor?.userId ?? ctx.actor?.id ?? null })
      .returning();
    await emitEvent(tx, 'settlement.payout.paid', { payoutId: id, supplierOrgId: input.supplierOrgId, amount: money(amount) }, input.supplierOrgId);
    await recordAudit(tx, ctx, { action: 'settlement.payout.paid', targetType: 'payout', targetId: id, orgId: input.supplierOrgId, data: { amount: money(amount), reference: input.reference ?? null } });
    return payout!;
  });
}

export async function getPayout(tx: Tx, ctx: Ctx, payoutId: string): Promise<Payout> {
  const [payout] = await tx.select().from(payouts).where(eq(payouts.id, payoutId));
  if (!payout || (payout.supplierOrgId !== actorOrg(ctx) && !seesAll(ctx))) throw notFound('payout', payoutId);
  return payout;
}

export async function listPayouts(tx: Tx, ctx: Ctx, filter: { supplierOrgId?: string; limit: number; cursor?: string }) {
  const conditions: SQL[] = [];
  if (!seesAll(ctx)) conditions.push(eq(payouts.supplierOrgId, actorOrg(ctx)));
  else if (filter.supplierOrgId) conditions.push(eq(payouts.supplierOrgId, filter.supplierOrgId));
  const after = decodeCursor(filter.cursor);
  if (after) conditions.push(lt(payouts.id, String(after[0])));
  const rows = await tx.select().from(payouts).where(and(...conditions)).orderBy(desc(payouts.id)).limit(filter.limit + 1);
  return toPage(rows, filter.limit, (r) => [r.id]);
}
