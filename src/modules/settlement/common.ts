import { eq, sql } from 'drizzle-orm';
import { hasPermission, type Ctx } from '../../platform/context.ts';
import { query, type Tx } from '../../platform/db.ts';
import type { Lang, Text } from '../../platform/i18n.ts';
import { queueMail } from '../../platform/mail.ts';
import { Decimal, dec, money } from '../../platform/money.ts';
import { listOrgUsers } from '../identity/index.ts';
import './errors.ts';
import { DEFAULT_TOLERANCE, type MatchTolerance } from './match.ts';
import { PERM } from './permissions.ts';
import type { SettlementOrder } from './ports.ts';
import { orderSettlements, settlementSettings, type OrderSettlement } from './schema.ts';

export const PLATFORM = 'platform';

/** Platform finance, operators and supervisors read every organisation's settlement records. */
export function seesAll(ctx: Ctx): boolean {
  return hasPermission(ctx.actor, PERM.platformRead);
}

export function actorOrg(ctx: Ctx): string {
  return ctx.actor?.orgId ?? '';
}

/**
 * The order's settlement row, created on first use and locked: every money move on an order
 * takes this lock (after the order's own row lock), so they happen one after another.
 */
export async function lockSettlement(tx: Tx, order: Pick<SettlementOrder, 'id' | 'buyerOrgId' | 'supplierOrgId' | 'paymentMethod' | 'currency'>): Promise<OrderSettlement> {
  await tx
    .insert(orderSettlements)
    .values({ orderId: order.id, buyerOrgId: order.buyerOrgId, supplierOrgId: order.supplierOrgId, paymentMethod: order.paymentMethod, currency: order.currency })
    .onConflictDoNothing();
  const [row] = await tx.select().from(orderSettlements).where(eq(orderSettlements.orderId, order.id)).for('update');
  return row!;
}

export async function findSettlement(tx: Tx, orderId: string): Promise<OrderSettlement | null> {
  const [row] = await tx.select().from(orderSettlements).where(eq(orderSettlements.orderId, orderId));
  return row ?? null;
}

export async function updateSettlement(tx: Tx, orderId: string, patch: Partial<typeof orderSettlements.$inferInsert>): Promise<OrderSettlement> {
  const [row] = await tx
    .update(orderSettlements)
    .set({ ...patch, updatedAt: new Date(), version: sql`${orderSettlements.version} + 1` })
    .where(eq(orderSettlements.orderId, orderId))
    .returning();
  return row!;
}

/** What escrow still holds for the order: paid in, less released and refunded. */
export function escrowHeldOf(s: Pick<OrderSettlement, 'escrowPaid' | 'escrowReleased' | 'escrowRefunded'>): Decimal {
  return dec(s.escrowPaid).minus(s.escrowReleased).minus(s.escrowRefunded);
}

/**
 * What the buyer still owes on an escrow order: the value not yet accepted, rejected or
 * cancelled that escrow does not cover yet, plus accepted value escrow did not cover.
 */
export function escrowDueOf(order: Pick<SettlementOrder, 'total'>, s: OrderSettlement | null): Decimal {
  if (!s) return dec(order.total);
  const open = dec(order.total).minus(s.acceptedValue).minus(s.reducedValue).minus(escrowHeldOf(s));
  return Decimal.max(open, 0).plus(s.receivableOpen);
}

// --- settings ----------------------------------------------------------------------------------

export interface EffectiveSettings extends MatchTolerance {
  orgId: string;
  pricePercent: string;
  priceAmount: string;
  totalAmount: string;
  reminderDaysBefore: number;
  /** False when the organisation has no settings of its own and the platform default applies. */
  own: boolean;
  version: number;
}

const DEFAULT_REMINDER_DAYS = 3;

/** The buyer's match tolerance and reminder timing, else the platform default, else built-ins. */
export async function settingsFor(tx: Tx, orgId: string): Promise<EffectiveSettings> {
  const rows = await tx.select().from(settlementSettings).where(sql`${settlementSettings.orgId} in (${orgId}, ${PLATFORM})`);
  const own = rows.find((r) => r.orgId === orgId);
  const row = own ?? rows.find((r) => r.orgId === PLATFORM);
  return {
    orgId,
    pricePercent: money(row?.pricePercent ?? DEFAULT_TOLERANCE.pricePercent, 4),
    priceAmount: money(row?.priceAmount ?? DEFAULT_TOLERANCE.priceAmount),
    totalAmount: money(row?.totalAmount ?? DEFAULT_TOLERANCE.totalAmount),
    reminderDaysBefore: row?.reminderDaysBefore ?? DEFAULT_REMINDER_DAYS,
    own: Boolean(own),
    version: own?.version ?? 0,
  };
}

// --- supplier tiers ------------------------------------------------------------------------------

export type SupplierTierSource = (tx: Tx, supplierOrgId: string) => Promise<string | null>;
let tierSource: SupplierTierSource = async () => null;

/**
 * Where commission rules learn a supplier's tier (registered → admitted → strategic). The supplier
 * lifecycle module sits above settlement, so it registers its lookup here at start-up; until then
 * every supplier is untiered and only category and default rules apply.
 */
export function setSupplierTierSource(source: SupplierTierSource): void {
  tierSource = source;
}

export function supplierTierOf(tx: Tx, supplierOrgId: string): Promise<string | null> {
  return tierSource(tx, supplierOrgId);
}

// --- mail ----------------------------------------------------------------------------------------

/** Mails the finance people of an organisation (finance role, else its admins) in their language. */
export async function mailFinance(tx: Tx, orgId: string, role: 'buyer_finance' | 'supplier_finance', subject: Text, body: Text): Promise<number> {
  let people = (await listOrgUsers(tx, orgId, { roles: [role] })).filter((u) => u.active);
  if (!people.length) people = (await listOrgUsers(tx, orgId, { roles: ['org_admin'] })).filter((u) => u.active);
  for (const person of people) {
    const lang: Lang = person.lang ?? 'zh-CN';
    await queueMail(tx, { to: person.email, subject: subject[lang], body: body[lang] });
  }
  return people.length;
}

/** A transaction-scoped advisory lock on a name (a supplier's payouts, statement imports). */
export async function lockName(tx: Tx, name: string): Promise<void> {
  await query(tx, sql`select pg_advisory_xact_lock(hashtext(${name}))`);
}
