import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Actor, Ctx } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import type { DomainEvent, EventBus } from '../../platform/events.ts';
import type { LiveChannel, LiveTopicHandler } from '../../platform/live.ts';
import { rfqQuestions, rfqQuotes, rfqs, tenderAwards, tenderBids, tenderOpeners, tenderRegistrations, tenders } from './schema.ts';
import { accessRfq } from './service/rfq-access.ts';
import { accessTender } from './service/tender-access.ts';

/**
 * Sourcing on the live channel (src/platform/live.ts): `rfq:<rfqId>` and `tender:<tenderId>`.
 * Who may subscribe is exactly who may read the event (`authorize` answers not found to everyone
 * else). Each sourcing event reloads the watched topic (they are rare), and each viewer is sent
 * only what its routes show it: before the deadline the buyer gets no quote or bid count, a
 * supplier only its own quote / registration / bid status. Never a price of a sealed bid.
 */

interface Viewer {
  party: 'buyer' | 'supplier';
  orgId: string;
}

const ctxOf = (db: Db, actor: Actor): Ctx => ({ db, actor, lang: 'en', requestId: 'live', ip: null });

interface RfqLive {
  rfqId: string;
  number: string;
  status: string;
  deadline: string;
  closedAt: string | null;
  version: number;
  questionCount: number;
  answeredCount: number;
  /** Supplier org → its quote's status and revision (rendered to that supplier only). */
  quotes: Map<string, { status: string; revision: number }>;
}

async function loadRfq(db: Db, rfqId: string): Promise<RfqLive | null> {
  const [rfq] = await db.select().from(rfqs).where(eq(rfqs.id, rfqId));
  if (!rfq) return null;
  const [q] = await db.select({ n: sql<number>`count(*)::int`, answered: sql<number>`count(${rfqQuestions.answeredAt})::int` }).from(rfqQuestions).where(eq(rfqQuestions.rfqId, rfqId));
  const quotes = await db.select({ org: rfqQuotes.supplierOrgId, status: rfqQuotes.status, revision: rfqQuotes.revision }).from(rfqQuotes).where(eq(rfqQuotes.rfqId, rfqId));
  return {
    rfqId,
    number: rfq.number,
    status: rfq.status,
    deadline: rfq.deadline.toISOString(),
    closedAt: rfq.closedAt?.toISOString() ?? null,
    version: rfq.version,
    questionCount: q?.n ?? 0,
    answeredCount: q?.answered ?? 0,
    quotes: new Map(quotes.map((r) => [r.org, { status: r.status, revision: r.revision }])),
  };
}

function renderRfq(s: RfqLive, viewer: Viewer): Record<string, unknown> {
  const base = { rfqId: s.rfqId, number: s.number, status: s.status, deadline: s.deadline, deadlineMs: Date.parse(s.deadline), closedAt: s.closedAt, version: s.version, questionCount: s.questionCount, answeredCount: s.answeredCount };
  if (viewer.party === 'buyer') {
    // Before the close even the number of quotes is sealed.
    return { ...base, view: 'buyer', quoteCount: s.closedAt ? [...s.quotes.values()].filter((q) => q.status !== 'withdrawn').length : null };
  }
  return { ...base, view: 'supplier', myQuote: s.quotes.get(viewer.orgId) ?? null };
}

interface TenderLive {
  tenderId: string;
  number: string;
  status: string;
  registrationDeadline: string;
  bidDeadline: string;
  openingAt: string;
  windowEndsAt: string;
  documentRevision: number;
  version: number;
  quorum: number;
  confirmed: number;
  openedAt: string | null;
  registrations: Map<string, string>;
  bids: Map<string, { status: string; revision: number; needsReconfirmation: boolean }>;
  currentAward: { supplierOrgId: string; confirmBy: string; rank: number } | null;
}

async function loadTender(db: Db, tenderId: string): Promise<TenderLive | null> {
  const [t] = await db.select().from(tenders).where(eq(tenders.id, tenderId));
  if (!t) return null;
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(tenderOpeners).where(and(eq(tenderOpeners.tenderId, tenderId), isNotNull(tenderOpeners.confirmedAt)));
  const regs = await db.select({ org: tenderRegistrations.supplierOrgId, status: tenderRegistrations.status }).from(tenderRegistrations).where(eq(tenderRegistrations.tenderId, tenderId));
  const bids = await db.select({ org: tenderBids.supplierOrgId, status: tenderBids.status, revision: tenderBids.revision, needs: tenderBids.needsReconfirmation }).from(tenderBids).where(eq(tenderBids.tenderId, tenderId));
  const [award] = await db.select().from(tenderAwards).where(and(eq(tenderAwards.tenderId, tenderId), eq(tenderAwards.status, 'offered')));
  return {
    tenderId,
    number: t.number,
    status: t.status,
    registrationDeadline: t.registrationDeadline.toISOString(),
    bidDeadline: t.bidDeadline.toISOString(),
    openingAt: t.openingAt.toISOString(),
    windowEndsAt: new Date(t.openingAt.getTime() + t.openingWindowMinutes * 60_000).toISOString(),
    documentRevision: t.documentRevision,
    version: t.version,
    quorum: t.openerQuorum,
    confirmed: t.openedAt ? t.openerQuorum : (c?.n ?? 0),
    openedAt: t.openedAt?.toISOString() ?? null,
    registrations: new Map(regs.map((r) => [r.org, r.status])),
    bids: new Map(bids.map((b) => [b.org, { status: b.status, revision: b.revision, needsReconfirmation: b.needs }])),
    currentAward: award ? { supplierOrgId: award.supplierOrgId, confirmBy: award.confirmBy.toISOString(), rank: award.rank } : null,
  };
}

function renderTender(s: TenderLive, viewer: Viewer): Record<string, unknown> {
  const base = {
    tenderId: s.tenderId,
    number: s.number,
    status: s.status,
    registrationDeadline: s.registrationDeadline,
    bidDeadline: s.bidDeadline,
    bidDeadlineMs: Date.parse(s.bidDeadline),
    openingAt: s.openingAt,
    openingAtMs: Date.parse(s.openingAt),
    windowEndsAt: s.windowEndsAt,
    documentRevision: s.documentRevision,
    version: s.version,
    quorum: s.quorum,
    confirmed: s.confirmed,
    opened: s.openedAt !== null,
  };
  if (viewer.party === 'buyer') {
    return {
      ...base,
      view: 'buyer',
      registrationCount: s.registrations.size,
      // Not even how many bids there are until the opening.
      bidCount: s.openedAt ? [...s.bids.values()].filter((b) => b.status === 'opened' || b.status === 'rejected').length : null,
      currentAward: s.currentAward,
    };
  }
  const bid = s.bids.get(viewer.orgId);
  return {
    ...base,
    view: 'supplier',
    myRegistration: s.registrations.get(viewer.orgId) ?? null,
    myBid: bid ?? null,
    awardToMe: s.currentAward?.supplierOrgId === viewer.orgId ? { confirmBy: s.currentAward.confirmBy, rank: s.currentAward.rank } : null,
  };
}

const viewKey = (v: Viewer) => (v.party === 'buyer' ? 'buyer' : `s:${v.orgId}`);

export function rfqTopicHandler(db: Db): LiveTopicHandler<RfqLive, Viewer> {
  return {
    async authorize(actor, rfqId) {
      try {
        const { party } = await db.transaction((tx) => accessRfq(tx, ctxOf(db, actor), rfqId));
        return { party, orgId: actor.orgId! };
      } catch {
        return null;
      }
    },
    load: (rfqId) => loadRfq(db, rfqId),
    render: renderRfq,
    viewKey,
  };
}

export function tenderTopicHandler(db: Db): LiveTopicHandler<TenderLive, Viewer> {
  return {
    async authorize(actor, tenderId) {
      try {
        const { party } = await db.transaction((tx) => accessTender(tx, ctxOf(db, actor), tenderId));
        return { party, orgId: actor.orgId! };
      } catch {
        return null;
      }
    },
    load: (tenderId) => loadTender(db, tenderId),
    render: renderTender,
    viewKey,
  };
}

/** Registers both topics; every committed sourcing event reloads the topic it concerns, in every process. */
export function registerSourcingTopics(live: LiveChannel, bus: EventBus, db: Db): void {
  live.register('rfq', rfqTopicHandler(db));
  live.register('tender', tenderTopicHandler(db));
  bus.on('*', (event: DomainEvent) => {
    if (!event.topic.startsWith('sourcing.')) return;
    const payload = event.payload as { rfqId?: unknown; tenderId?: unknown };
    if (typeof payload.rfqId === 'string') live.invalidate(`rfq:${payload.rfqId}`);
    if (typeof payload.tenderId === 'string') live.invalidate(`tender:${payload.tenderId}`);
  });
}
