import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { isPostgres, startTestServer, type TestServer } from '../../../test/support/harness.ts';
import { assertTrialBalanceZero, bidBody, inSeconds, today, createBuyerSide, createSupplierSide, ok, PASSPHRASES, passBidDeadline, publishedTender, qualifiedBidder, type BuyerSide, type SupplierSide } from './testing.ts';

// Races need real sessions: PGlite runs one transaction at a time, so nothing here could race.
const skip = isPostgres() ? false : 'concurrency needs PostgreSQL (TEST_DATABASE_URL); PGlite is one session';

let server: TestServer;
let buyer: BuyerSide;
let suppliers: SupplierSide[];

describe('sourcing races on PostgreSQL', { skip }, () => {
  before(async () => {
    server = await startTestServer({ signInLimit: 1_000_000 });
    buyer = await createBuyerSide(server);
    suppliers = await Promise.all(Array.from({ length: 6 }, () => createSupplierSide(server)));
  });

  test('bids racing the deadline: every accepted bid was taken before it by the server clock, none after the close', async () => {
    const tender = await publishedTender(buyer, { depositAmount: '0' });
    for (const s of suppliers) await qualifiedBidder(buyer, s, tender);
    // The deadline is 1.5 s away; every supplier bids as fast as it can from before until after it.
    await query(server.db, sql`update tenders set registration_deadline = clock_timestamp(), bid_deadline = clock_timestamp() + interval '1500 milliseconds', opening_at = clock_timestamp() + interval '1500 milliseconds' where id = ${tender.id}`);
    const [{ deadline }] = (await query<{ deadline: string }>(server.db, sql`select to_char(bid_deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as deadline from tenders where id = ${tender.id}`)) as [{ deadline: string }];
    const deadlineMs = Date.parse(deadline);
    const accepted: Array<{ org: string; submittedAt: string; revision: number }> = [];
    const refused: Array<{ status: number; code: string; at: number }> = [];
    await Promise.all(
      suppliers.map(async (s, i) => {
        while (Date.now() < deadlineMs - 400) await new Promise((r) => setTimeout(r, 20));
        while (Date.now() < deadlineMs + 400) {
          const r = await s.sales.request('PUT', `/api/v1/tenders/${tender.id}/bid`, { body: bidBody(tender, [`${100 + i}.01`, `${200 + i}.02`]) });
          if (r.status === 200) accepted.push({ org: s.orgId, submittedAt: r.body.submittedAt, revision: r.body.revision });
          else refused.push({ status: r.status, code: r.body.code, at: Date.now() });
        }
      }),
    );
    assert.ok(accepted.length > 0, 'some bids made it before the deadline');
    assert.ok(refused.length > 0, 'some bids came too late');
    for (const r of refused) assert.deepEqual([r.status, r.code], [409, 'sourcing.deadline_passed']);
    for (const a of accepted) assert.ok(Date.parse(a.submittedAt) < deadlineMs, `accepted at ${a.submittedAt}, deadline ${deadline}`);
    const rows = await query<{ supplier_org_id: string; revision: number; submitted_at_text: string; late: boolean }>(
      server.db,
      sql`select b.supplier_org_id, b.revision, to_char(b.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as submitted_at_text, b.submitted_at >= t.bid_deadline as late
          from tender_bids b join tenders t on t.id = b.tender_id where b.tender_id = ${tender.id}`,
    );
    assert.ok(rows.every((r) => !r.late), 'no stored bid is at or after the deadline');
    // What the bidders were told is what is stored: the last accepted revision of each.
    for (const row of rows) {
      const mine = accepted.filter((a) => a.org === row.supplier_org_id);
      assert.equal(row.revision, Math.max(...mine.map((a) => a.revision)));
      assert.equal(row.revision, mine.length, 'each accepted request made exactly one revision');
    }
    // After the close nothing more gets in, even from a supplier that had not bid yet.
    const closed = ok(await buyer.purchaser.get(`/api/v1/tenders/${tender.id}`)).body;
    assert.equal(closed.status, 'closed');
    const after = await suppliers[0]!.sales.request('PUT', `/api/v1/tenders/${tender.id}/bid`, { body: bidBody(tender, ['1', '1']) });
    assert.equal(after.status, 409);
  });

  test('openers confirming at once open the bids exactly once; a double deposit is recorded once', async () => {
    const tender = await publishedTender(buyer, { depositAmount: '250.00' });
    const [a, b] = suppliers as [SupplierSide, SupplierSide];
    await qualifiedBidder(buyer, a, tender, { deposit: false });
    const pays = await Promise.all(Array.from({ length: 4 }, (_, i) => a.finance.post(`/api/v1/tenders/${tender.id}/deposit`, { amount: '250.00', bankReference: `RACE-${i}` })));
    assert.deepEqual(pays.map((p) => p.status).sort(), [201, 409, 409, 409]);
    const entries = await query(server.db, sql`select 1 from ledger_entries where reference_id = ${tender.id} and kind = 'sourcing.deposit.received'`);
    assert.equal(entries.length, 1);
    await qualifiedBidder(buyer, b, tender);
    for (const s of [a, b]) ok(await s.sales.request('PUT', `/api/v1/tenders/${tender.id}/bid`, { body: bidBody(tender, ['10', '20']) }));
    await passBidDeadline(server, tender.id);
    const results = await Promise.all([
      buyer.purchaser.post(`/api/v1/tenders/${tender.id}/opening/confirm`, { passphrase: PASSPHRASES.purchaser }),
      buyer.approver.post(`/api/v1/tenders/${tender.id}/opening/confirm`, { passphrase: PASSPHRASES.approver }),
      buyer.finance.post(`/api/v1/tenders/${tender.id}/opening/confirm`, { passphrase: PASSPHRASES.finance }),
    ]);
    const openedBy = results.filter((r) => r.status === 200 && r.body.opened);
    assert.equal(openedBy.length, 1, results.map((r) => `${r.status} ${r.text}`).join('\n'));
    for (const r of results) assert.ok(r.status === 200 || (r.status === 409 && r.body.code === 'state.transition_not_allowed'), r.text);
    const openings = await query(server.db, sql`select 1 from tender_openings where tender_id = ${tender.id}`);
    assert.equal(openings.length, 1);
    const opened = await query(server.db, sql`select 1 from tender_bids where tender_id = ${tender.id} and status = 'opened'`);
    assert.equal(opened.length, 2);
    await assertTrialBalanceZero(server);
  });

  test('quotes racing the RFQ deadline: none accepted after it, and the first list the buyer reads is final', async () => {
    const created = ok(await buyer.purchaser.post('/api/v1/rfqs', { title: '竞速询价', audience: 'invited', supplierOrgIds: suppliers.map((s) => s.orgId), deadline: inSeconds(3600), lines: [{ name: '螺栓', quantity: '100', uom: 'pcs' }] })).body;
    ok(await buyer.purchaser.post(`/api/v1/rfqs/${created.id}/publish`, {}));
    const lineId = ok(await buyer.purchaser.get(`/api/v1/rfqs/${created.id}`)).body.lines[0].id;
    await query(server.db, sql`update rfqs set deadline = clock_timestamp() + interval '1200 milliseconds' where id = ${created.id}`);
    const [{ deadline }] = (await query<{ deadline: string }>(server.db, sql`select to_char(deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as deadline from rfqs where id = ${created.id}`)) as [{ deadline: string }];
    const deadlineMs = Date.parse(deadline);
    const accepted: Array<{ org: string; revision: number; submittedAt: string }> = [];
    let firstList: Array<{ supplierOrgId: string; revision: number }> | null = null;
    await Promise.all([
      ...suppliers.map(async (s, i) => {
        while (Date.now() < deadlineMs - 300) await new Promise((r) => setTimeout(r, 20));
        while (Date.now() < deadlineMs + 300) {
          const r = await s.sales.request('PUT', `/api/v1/rfqs/${created.id}/quote`, { body: { validUntil: today(30), lines: [{ rfqLineId: lineId, unitPrice: `${10 + i}.5`, taxRate: '0.13' }] } });
          if (r.status === 200) accepted.push({ org: s.orgId, revision: r.body.revision, submittedAt: r.body.submittedAt });
          else assert.equal(r.body.code, 'sourcing.deadline_passed', r.text);
        }
      }),
      (async () => {
        while (Date.now() < deadlineMs) await new Promise((r) => setTimeout(r, 10));
        while (!firstList) {
          const r = await buyer.purchaser.get(`/api/v1/rfqs/${created.id}/quotes`);
          if (r.status === 200) firstList = r.body.items.map((q: any) => ({ supplierOrgId: q.supplierOrgId, revision: q.revision }));
          else assert.equal(r.body.code, 'sourcing.quotes_sealed');
        }
      })(),
    ]);
    assert.ok(accepted.length > 0);
    for (const a of accepted) assert.ok(Date.parse(a.submittedAt) < deadlineMs, `accepted at ${a.submittedAt}, deadline ${deadline}`);
    const final = ok(await buyer.purchaser.get(`/api/v1/rfqs/${created.id}/quotes`)).body.items.map((q: any) => ({ supplierOrgId: q.supplierOrgId, revision: q.revision }));
    const byOrg = (xs: Array<{ supplierOrgId: string; revision: number }>) => [...xs].sort((a, b) => a.supplierOrgId.localeCompare(b.supplierOrgId));
    assert.deepEqual(byOrg(firstList!), byOrg(final), 'nothing changed after the buyer first saw the quotes');
    for (const q of final) assert.equal(q.revision, Math.max(...accepted.filter((a) => a.org === q.supplierOrgId).map((a) => a.revision)));
  });
});
