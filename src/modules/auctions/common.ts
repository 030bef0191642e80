import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/context.ts';
import { hasPermission } from '../../platform/context.ts';
import type { Tx } from '../../platform/db.ts';
import { dec, money } from '../../platform/money.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import './errors.ts';
import { PERM } from './permissions.ts';
import { auctionLots, auctionParticipants, type AuctionLotRow, type AuctionParticipantRow } from './schema.ts';

export type LotRole = 'owner' | 'operator' | 'bidder' | 'observer';

export const LOT_REFERENCE = 'auction_lot';
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Which organisations may take part in a lot: suppliers bid in reverse auctions; anyone but the
 * platform may buy in a forward auction (scrap and idle material find buyers and suppliers alike).
 */
export function mayTakePart(kind: string, orgKinds: readonly string[]): boolean {
  if (orgKinds.includes('platform')) return false;
  return kind === 'reverse' ? orgKinds.includes('supplier') : orgKinds.length > 0;
}

export interface LotAccess {
  lot: AuctionLotRow;
  role: LotRole;
  participant: AuctionParticipantRow | null;
}

/**
 * A lot as the acting organisation may see it: the owner, a participant (invited or
 * registered), a platform supervisor, or — for public, published lots — any organisation that
 * could take part. Everyone else gets the same 404 as for a lot that does not exist; drafts are
 * the owner's alone. `lock` takes the lot row lock (every change to a lot or its participants
 * does, so they serialise with bidding in one order: lot first).
 */
export async function lotForActor(tx: Tx, actor: Actor | null, lotId: string, options: { lock?: boolean } = {}): Promise<LotAccess> {
  const q = tx.select().from(auctionLots).where(eq(auctionLots.id, lotId));
  const [lot] = options.lock ? await q.for('update') : await q;
  const orgId = actor?.orgId ?? null;
  if (!lot || !actor) throw notFound('auction lot', lotId);
  if (actor.type === 'system') return { lot, role: 'operator', participant: null };
  if (orgId === lot.ownerOrgId) return { lot, role: 'owner', participant: null };
  const participant = orgId ? await findParticipant(tx, lotId, orgId) : null;
  if (lot.status !== 'draft') {
    if (participant) return { lot, role: 'bidder', participant };
    if (hasPermission(actor, PERM.supervise)) return { lot, role: 'operator', participant: null };
    if (lot.access === 'public' && mayTakePart(lot.kind, actor.orgKinds)) return { lot, role: 'observer', participant: null };
  }
  throw notFound('auction lot', lotId);
}

/** The lot for its owner only (404 for everyone else, including participants). */
export async function lotForOwner(tx: Tx, actor: Actor | null, lotId: string, options: { lock?: boolean } = {}): Promise<AuctionLotRow> {
  const access = await lotForActor(tx, actor, lotId, options);
  if (access.role !== 'owner' && !(actor?.type === 'system')) {
    throw notFound('auction lot', lotId);
  }
  return access.lot;
}

export async function findParticipant(tx: Tx, lotId: string, orgId: string, lock = false): Promise<AuctionParticipantRow | null> {
  const q = tx.select().from(auctionParticipants).where(and(eq(auctionParticipants.lotId, lotId), eq(auctionParticipants.orgId, orgId)));
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

export const INELIGIBLE = {
  not_registered: { en: 'not registered for this lot', zh: '未报名本标的' },
  invitation_pending: { en: 'the invitation has not been accepted (register first)', zh: '尚未接受邀请（请先报名）' },
  awaiting_approval: { en: 'the registration awaits the owner’s approval', zh: '报名待发起方审核' },
  rejected: { en: 'the registration was rejected', zh: '报名未通过' },
  disqualified: { en: 'disqualified from this lot', zh: '已被取消资格' },
  deposit_unpaid: { en: 'the deposit has not been paid', zh: '未缴纳保证金' },
  organization_inactive: { en: 'the organisation is not active', zh: '企业账户未启用或已暂停' },
  owner: { en: 'the owner cannot bid on its own lot', zh: '发起方不能对自己的标的出价' },
  wrong_party: { en: 'this kind of organisation cannot take part', zh: '该类型企业不能参与' },
} as const;
export type IneligibleReason = keyof typeof INELIGIBLE;

/** Why a participant cannot bid now, or null when it can (the organisation's status is checked separately). */
export function ineligibility(lot: Pick<AuctionLotRow, 'depositAmount'>, p: Pick<AuctionParticipantRow, 'status' | 'depositStatus'> | null): IneligibleReason | null {
  if (!p) return 'not_registered';
  if (p.status === 'invited') return 'invitation_pending';
  if (p.status === 'registered') return 'awaiting_approval';
  if (p.status === 'rejected') return 'rejected';
  if (p.status === 'disqualified') return 'disqualified';
  if (dec(lot.depositAmount).gt(0) && p.depositStatus !== 'held') return 'deposit_unpaid';
  return null;
}

export function notEligible(lotId: string, reason: IneligibleReason): Problem {
  return new Problem('auctions.not_eligible', { lotId, reason: INELIGIBLE[reason].en, reasonZh: INELIGIBLE[reason].zh }, { reason });
}

export const amountText = (value: string | null) => (value === null ? null : money(value));
