import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit.ts';
import { systemCtx } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { emitEvent } from '../../platform/events.ts';
import { dec, money } from '../../platform/money.ts';
import { mailFinance } from './common.ts';
import { today } from './invoices.ts';
import { invoices } from './schema.ts';

/**
 * The due-date reminder of one credit-terms invoice (queued at approval to run N days before the
 * due date): mails the buyer's finance people once, unless the invoice is paid by then.
 */
export async function sendInvoiceReminder(db: Db, invoiceId: string): Promise<boolean> {
  const ctx = systemCtx(db, 'settlement.invoice-reminder');
  return db.transaction(async (tx) => {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('update');
    if (!invoice || invoice.status !== 'approved' || invoice.remindedAt) return false;
    const due = money(dec(invoice.total).minus(invoice.paidAmount));
    await mailFinance(
      tx,
      invoice.buyerOrgId,
      'buyer_finance',
      { en: `Invoice ${invoice.number} is due on ${invoice.dueDate}`, 'zh-CN': `发票 ${invoice.number} 将于 ${invoice.dueDate} 到期` },
      {
        en: `Invoice ${invoice.number} (VAT ${invoice.vatInvoiceNumber}) has ${due} ${invoice.currency} due on ${invoice.dueDate}. Quote ${invoice.number} in the transfer's remittance info.`,
        'zh-CN': `发票 ${invoice.number}（发票号码 ${invoice.vatInvoiceNumber}）尚有 ${due} ${invoice.currency} 将于 ${invoice.dueDate} 到期，转账附言请注明 ${invoice.number}。`,
      },
    );
    await tx.update(invoices).set({ remindedAt: new Date() }).where(eq(invoices.id, invoice.id));
    await emitEvent(tx, 'settlement.invoice.reminder_sent', { invoiceId: invoice.id, buyerOrgId: invoice.buyerOrgId, dueDate: invoice.dueDate, due }, invoice.buyerOrgId);
    await recordAudit(tx, ctx, { action: 'settlement.invoice.reminder_sent', targetType: 'invoice', targetId: invoice.id, orgId: invoice.buyerOrgId, data: { dueDate: invoice.dueDate, due } });
    return true;
  });
}

/**
 * The scheduled overdue check: approved invoices past their due date and not paid in full are
 * flagged overdue (once each), and both parties' finance people are told.
 */
export async function flagOverdueInvoices(db: Db, asOf = today()): Promise<number> {
  const ctx = systemCtx(db, 'settlement.flag-overdue');
  return db.transaction(async (tx) => {
    const flagged = await tx
      .update(invoices)
      .set({ overdue: true, updatedAt: new Date(), version: sql`${invoices.version} + 1` })
      .where(and(eq(invoices.status, 'approved'), eq(invoices.overdue, false), lt(invoices.dueDate, asOf), isNull(invoices.paidAt)))
      .returning();
    for (const invoice of flagged) {
      const due = money(dec(invoice.total).minus(invoice.paidAmount));
      await emitEvent(tx, 'settlement.invoice.overdue', { invoiceId: invoice.id, buyerOrgId: invoice.buyerOrgId, supplierOrgId: invoice.supplierOrgId, dueDate: invoice.dueDate, due }, invoice.buyerOrgId);
      await mailFinance(
        tx,
        invoice.buyerOrgId,
        'buyer_finance',
        { en: `Invoice ${invoice.number} is overdue`, 'zh-CN': `发票 ${invoice.number} 已逾期` },
        {
          en: `Invoice ${invoice.number} was due on ${invoice.dueDate}; ${due} ${invoice.currency} is still open.`,
          'zh-CN': `发票 ${invoice.number} 已于 ${invoice.dueDate} 到期，尚有 ${due} ${invoice.currency} 未付。`,
        },
      );
    }
    if (flagged.length) {
      await recordAudit(tx, ctx, { action: 'settlement.invoices.flagged_overdue', targetType: 'invoice', orgId: null, data: { asOf, invoiceIds: flagged.map((i) => i.id) } });
    }
    return flagged.length;
  });
}
