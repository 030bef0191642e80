import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import { Decimal, dec, money } from '../../platform/money.ts';
import { Problem } from '../../platform/problem.ts';
import { PLATFORM_OWNER, postEntry, type AccountRef } from '../ledger/index.ts';
import './errors.ts';
import { auctionReceipts } from './schema.ts';

/**
 * Money of this module in the platform's books (docs/p2p.md, "Auctions and presale"):
 *   deposit received      Dr platform:cash            / Cr payer:deposits_held
 *   deposit refunded      Dr payer:deposits_held      / Cr platform:cash
 *   auction deposit forfeited   Dr payer:deposits_held / Cr platform:fee_revenue
 *   presale deposit forfeited   Dr buyer:deposits_held / Cr supplier:supplier_payable
 *   forward sale paid     Dr platform:cash            / Cr winner:deposits_held (balance; the deposit already sits there)
 *   forward sale settled  Dr winner:deposits_held     / Cr seller:supplier_payable (the whole price, at collection)
 * Every entry has a dedupe key naming its business event, so a retry or a race posts it once.
 */
export type ReceiptPurpose = 'auction_deposit' | 'auction_sale' | 'presale_deposit';

const cash: AccountRef = { owner: PLATFORM_OWNER, purpose: 'cash' };
const held = (orgId: string): AccountRef => ({ owner: orgId, purpose: 'deposits_held' });

/** Books a bank transfer from `orgId` into its deposits-held account; a reference is booked once per organisation. */
export async function receiveFunds(
  tx: Tx,
  ctx: Ctx,
  input: { orgId: string; amount: Decimal.Value; bankReference: string; purpose: ReceiptPurpose; referenceType: string; referenceId: string; memo: string },
): Promise<string> {
  const amount = dec(input.amount);
  if (amount.lte(0)) throw new Error('receipt amount must be positive');
  const [dup] = await tx.select({ id: auctionReceipts.id }).from(auctionReceipts).where(and(eq(auctionReceipts.orgId, input.orgId), eq(auctionReceipts.bankReference, input.bankReference)));
  if (dup) throw duplicateReceipt(input.bankReference);
  const entryId = await postEntry(tx, ctx, {
    kind: `auctions.${input.purpose}.received`,
    memo: input.memo,
    reference: { type: input.referenceType, id: input.referenceId },
    dedupeKey: `auctions-receipt:${input.orgId}:${input.bankReference}`,
    postings: [
      { account: cash, debit: amount },
      { account: held(input.orgId), credit: amount },
    ],
  });
  const inserted = await tx
    .insert(auctionReceipts)
    .values({ id: newId('arc'), orgId: input.orgId, bankReference: input.bankReference, purpose: input.purpose, referenceId: input.referenceId, amount: money(amount, 4), ledgerEntryId: entryId })
    .onConflictDoNothing()
    .returning({ id: auctionReceipts.id });
  if (!inserted.length) throw duplicateReceipt(input.bankReference);
  return entryId;
}

function duplicateReceipt(bankReference: string): Problem {
  return new Problem('auctions.receipt_duplicate', { bankReference }, {}, [{ pointer: '/bankReference', in: 'body', message: 'already booked' }]);
}

/** Pays held money back to the organisation (cash leaves the platform). */
export async function refundHeld(tx: Tx, ctx: Ctx, input: { orgId: string; amount: Decimal.Value; dedupeKey: string; referenceType: string; referenceId: string; memo: string; kind: string }): Promise<void> {
  const amount = dec(input.amount);
  if (amount.lte(0)) return;
  await postEntry(tx, ctx, {
    kind: input.kind,
    memo: input.memo,
    reference: { type: input.referenceType, id: input.referenceId },
    dedupeKey: input.dedupeKey,
    postings: [
      { account: held(input.orgId), debit: amount },
      { account: cash, credit: amount },
    ],
  });
}

/** Moves held money to another account: a forfeit (platform fee revenue, or the supplier) or a settled sale (the seller). */
export async function transferHeld(
  tx: Tx,
  ctx: Ctx,
  input: { orgId: string; amount: Decimal.Value; to: AccountRef; dedupeKey: string; referenceType: string; referenceId: string; memo: string; kind: string },
): Promise<void> {
  const amount = dec(input.amount);
  if (amount.lte(0)) return;
  await postEntry(tx, ctx, {
    kind: input.kind,
    memo: input.memo,
    reference: { type: input.referenceType, id: input.referenceId },
    dedupeKey: input.dedupeKey,
    postings: [
      { account: held(input.orgId), debit: amount },
      { account: input.to, credit: amount },
    ],
  });
}

export const FEE_REVENUE: AccountRef = { owner: PLATFORM_OWNER, purpose: 'fee_revenue' };
export const payableTo = (orgId: string): AccountRef => ({ owner: orgId, purpose: 'supplier_payable' });
