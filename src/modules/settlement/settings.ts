import { and, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import { assertVersion } from '../../platform/concurrency.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { dec, money } from '../../platform/money.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { actorOrg, escrowDueOf, escrowHeldOf, findSettlement, seesAll, settingsFor, type EffectiveSettings } from './common.ts';
import { invoiceableOf } from './invoices.ts';
import { readOrder } from './ports.ts';
import { invoices, settlementSettings } from './schema.ts';

export interface SettingsInput {
  pricePercent: string;
  priceAmount: string;
  totalAmount: string;
  reminderDaysBefore: number;
  version?: number;
  ifMatch?: string;
}

/** Sets an organisation's match tolerance and reminder timing ('platform': the default for all). */
export async function updateSettings(ctx: Ctx, orgId: string, input: SettingsInput): Promise<EffectiveSettings> {
  for (const field of ['pricePercent', 'priceAmount', 'totalAmount'] as const) {
    if (dec(input[field]).lt(0)) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: `/${field}`, in: 'body', message: 'must not be negative' }]);
  }
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(settlementSettings).where(eq(settlementSettings.orgId, orgId)).for('update');
    assertVersion('settlement settings', current?.version ?? 0, { version: input.version, ifMatch: input.ifMatch });
    const values = {
      pricePercent: money(input.pricePercent, 4),
      priceAmount: money(input.priceAmount, 4),
      totalAmount: money(input.totalAmount, 4),
      reminderDaysBefore: input.reminderDaysBefore,
      updatedBy: ctx.actor?.id ?? null,
      updatedAt: new Date(),
    };
    if (current) {
      await tx.update(settlementSettings).set({ ...values, version: sql`${settlementSettings.version} + 1` }).where(eq(settlementSettings.orgId, orgId));
    } else {
      await tx.insert(settlementSettings).values({ orgId, ...values });
    }
    await emitEvent(tx, 'settlement.settings.updated', { orgId }, orgId === 'platform' ? null : orgId);
    await recordAudit(tx, ctx, { action: 'settlement.settings.updated', targetType: 'settlement_settings', targetId: orgId, orgId: orgId === 'platform' ? null : orgId, data: { ...values, updatedAt: undefined } });
    return settingsFor(tx, orgId);
  });
}

/**
 * Where the money of one order stands, for either party (and platform readers): escrow paid,
 * released, refunded and held, what is still due, what can still be invoiced, and its invoices.
 * The commission is shown to the supplier and the platform, not to the buyer.
 */
export async function orderSettlementSummary(tx: Tx, ctx: Ctx, orderId: string) {
  const order = await readOrder(tx, orderId);
  const org = actorOrg(ctx);
  if (!seesAll(ctx) && order.buyerOrgId !== org && order.supplierOrgId !== org) throw notFound('order', orderId);
  const s = await findSettlement(tx, orderId);
  const lines = order.lines;
  const orderInvoices = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.orderId, orderId), inArray(invoices.status, ['submitted', 'matched', 'exception', 'approved', 'paid', 'rejected', 'cancelled'])))
    .orderBy(invoices.id);
  const credit = order.paymentMethod === 'credit';
  const invoiceDue = orderInvoices.filter((i) => i.status === 'approved').reduce((acc, i) => acc.plus(dec(i.total).minus(i.paidAmount)), dec(0));
  const showCommission = order.supplierOrgId === org || seesAll(ctx);
  return {
    orderId: order.id,
    number: order.number,
    status: order.status,
    paymentMethod: order.paymentMethod,
    creditDays: order.creditDays,
    currency: order.currency,
    total: money(order.total),
    escrowPaid: money(s?.escrowPaid ?? 0),
    escrowReleased: money(s?.escrowReleased ?? 0),
    escrowRefunded: money(s?.escrowRefunded ?? 0),
    escrowHeld: money(s ? escrowHeldOf(s) : 0),
    receivableOpen: money(s?.receivableOpen ?? 0),
    acceptedValue: money(s?.acceptedValue ?? 0),
    amountDue: money(credit ? invoiceDue : escrowDueOf(order, s)),
    commissionCharged: showCommission ? money(s?.commissionCharged ?? 0) : null,
    settledAt: s?.settledAt ?? null,
    lines: await invoiceableOf(tx, orderId, lines),
    invoices: orderInvoices.map((i) => ({ id: i.id, number: i.number, vatInvoiceNumber: i.vatInvoiceNumber, status: i.status, total: money(i.total), paidAmount: money(i.paidAmount), dueDate: i.dueDate, overdue: i.overdue })),
  };
}
