import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { emitEvent } from '../../platform/events.ts';
import { dec, money } from '../../platform/money.ts';
import { Problem } from '../../platform/problem.ts';
import { actorOrg } from './common.ts';
import { applyPayment, duplicatePayment } from './payments.ts';
import { bankStatementLines, bankStatements, type Payment } from './schema.ts';
import { findStatementLineByReference } from './statements.ts';

export interface RecordPaymentInput {
  purpose: 'escrow' | 'invoice';
  orderId?: string;
  invoiceId?: string;
  amount: string;
  bankReference: string;
  receivedAt?: string;
  note?: string;
}

/**
 * Buyer finance records a transfer it made: escrow for an order, or against an approved invoice.
 * If a bank statement already brought that transfer in and parked it in suspense, the suspense
 * line is matched instead, so the money is never counted twice.
 */
export async function recordPayment(ctx: Ctx, input: RecordPaymentInput): Promise<Payment> {
  if (input.purpose === 'escrow' && !input.orderId) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/orderId', in: 'body', message: 'is required for an escrow payment' }]);
  if (input.purpose === 'invoice' && !input.invoiceId) throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/invoiceId', in: 'body', message: 'is required for an invoice payment' }]);
  const buyerOrgId = actorOrg(ctx);
  return ctx.db.transaction(async (tx) => {
    const parked = await findStatementLineByReference(tx, input.bankReference);
    if (parked?.status === 'matched') throw duplicatePayment(input.bankReference, parked.matchedPaymentId ?? '?');
    if (parked && !dec(parked.amount).eq(input.amount)) {
      throw new Problem('request.invalid', { count: 1 }, {}, [{ pointer: '/amount', in: 'body', message: `the bank received ${money(parked.amount)} under reference ${input.bankReference}` }]);
    }
    const payment = await applyPayment(tx, ctx, {
      buyerOrgId,
      purpose: input.purpose,
      orderId: input.orderId,
      invoiceId: input.invoiceId,
      amount: input.amount,
      bankReference: input.bankReference,
      receivedAt: input.receivedAt ? new Date(input.receivedAt) : parked ? new Date(`${parked.valueDate}T00:00:00Z`) : undefined,
      note: input.note,
      ...(parked ? { fromSuspense: true, statementLineId: parked.id } : {}),
    });
    if (parked) {
      await tx
        .update(bankStatementLines)
        .set({ status: 'matched', matchedPaymentId: payment.id, matchedType: input.purpose === 'invoice' ? 'invoice' : 'order', matchedId: input.invoiceId ?? input.orderId ?? null, buyerOrgId, matchedBy: ctx.actor?.userId ?? null, matchedAt: new Date() })
        .where(eq(bankStatementLines.id, parked.id));
      await tx
        .update(bankStatements)
        .set({ matchedCount: sql`${bankStatements.matchedCount} + 1`, unmatchedCount: sql`${bankStatements.unmatchedCount} - 1` })
        .where(eq(bankStatements.id, parked.statementId));
      await emitEvent(tx, 'settlement.statement_line.matched', { lineId: parked.id, paymentId: payment.id, buyerOrgId }, buyerOrgId);
    }
    return payment;
  });
}
