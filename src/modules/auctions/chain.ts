import { sql } from 'drizzle-orm';
import { query, type Tx } from '../../platform/db.ts';
import { bidHash } from './bidding.ts';
import { GENESIS_HASH } from './common.ts';

/**
 * Walks a lot's bids in sequence and checks each hash and link, and that the lot's head is the
 * last bid's hash: any edited, removed or inserted bid breaks it. Sequence gaps are breaks too.
 */
export async function verifyBidChain(tx: Tx, lotId: string): Promise<{ ok: boolean; checked: number; brokenAt: number | null }> {
  const [lot] = await query<{ chain_hash: string; seq: string }>(tx, sql`select chain_hash, seq::text from auction_lots where id = ${lotId}`);
  if (!lot) return { ok: false, checked: 0, brokenAt: null };
  let prev = GENESIS_HASH;
  let expected = 1;
  let checked = 0;
  for (;;) {
    const rows = await query<{ seq: string; org_id: string; actor_id: string | null; price: string; kind: string; accepted_text: string; prev_hash: string; hash: string }>(
      tx,
      sql`select seq::text, org_id, actor_id, price::numeric(20,2)::text as price, kind,
                 to_char(accepted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as accepted_text, prev_hash, hash
          from auction_bids where lot_id = ${lotId} and auction_bids.seq >= ${expected} order by auction_bids.seq limit 5000`,
    );
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expected || r.prev_hash !== prev) return { ok: false, checked, brokenAt: expected };
      const hash = bidHash(prev, { lotId, seq, orgId: r.org_id, actorId: r.actor_id, price: r.price, kind: r.kind, acceptedAt: r.accepted_text });
      if (hash !== r.hash) return { ok: false, checked, brokenAt: seq };
      prev = hash;
      expected++;
      checked++;
    }
    if (rows.length < 5000) break;
  }
  const ok = prev === lot.chain_hash && checked === Number(lot.seq);
  return { ok, checked, brokenAt: ok ? null : expected };
}
