/** The chart of accounts: each purpose has a fixed type, and so a normal side. */
export type AccountType = 'asset' | 'liability' | 'income' | 'expense' | 'equity';

export const PLATFORM_OWNER = 'platform';

export const ACCOUNT_PURPOSES = {
  /** Platform: money in the platform's bank accounts. */
  cash: 'asset',
  /** Platform: commission earned on settled orders. */
  commission_revenue: 'income',
  /** Platform: membership and value-added service fees, forfeited deposits. */
  fee_revenue: 'income',
  /** Platform: money received that is not matched to anything yet. */
  suspense: 'liability',
  /** Buyer: what the buyer owes on credit terms (the buyer's payable, our receivable). */
  buyer_receivable: 'asset',
  /** Buyer: payments held in escrow for orders not yet accepted. */
  escrow: 'liability',
  /** Supplier: what the platform owes the supplier (the supplier's receivable). */
  supplier_payable: 'liability',
  /** Any organisation: a prepaid balance (deposits are held against it). */
  wallet: 'liability',
  /** Any organisation: deposits held for sourcing events. */
  deposits_held: 'liability',
  /** Funder: financing advanced (factoring, order financing). */
  financing: 'asset',
} as const satisfies Record<string, AccountType>;

export type AccountPurpose = keyof typeof ACCOUNT_PURPOSES;

export function isDebitNormal(type: AccountType): boolean {
  return type === 'asset' || type === 'expense';
}
