import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { query } from '../../platform/db.ts';
import { ApiClient, startTestServer, type TestServer } from '../../../test/support/harness.ts';
import { LiveClient } from '../auctions/testing.ts';
import {
  assertTrialBalanceZero,
  bidBody,
  createBuyerSide,
  createPlatformSide,
  createSupplierSide,
  expectStatus,
  ok,
  PASSPHRASES,
  passBidDeadline,
  passOpeningWindow,
  placeBid,
  publishedTender,
  qualifiedBidder,
  scanDatabase,
  waitFor,
  type BuyerSide,
  type SupplierSide,
} from './testing.ts';

let server: TestServer;
let buyer: BuyerSide;
let s1: SupplierSide;
let s2: SupplierSide;
let s3: SupplierSide;
let outsider: SupplierSide;
let platform: { operator: ApiClient; supervisor: ApiClient };

before(async () => {
  server = await startTestServer({ signInLimit: 1_000_000 });
  buyer = await createBuyerSide(server);
  [s1, s2, s3, outsider] = await Promise.all([createSupplierSide(server), createSupplierSide(server), createSupplierSide(server), createSupplierSide(server)]);
  platform = await createPlatformSide(server);
});

/** Money balances of one owner's ledger accounts, by purpose. */
async function balances(owner: string): Promise<Record<string, string>> {
  const rows = await query<{ purpose: string; balance: string }>(
    server.db,
    sql`select a.purpose, (case when a.type in ('asset', 'expense') then coalesce(sum(p.debit - p.credit), 0) else coalesce(sum(p.credit - p.debit), 0) end)::numeric(20,2)::text as balance
        from ledger_accounts a left join ledger_postings p on p.account_id = a.id where a.owner = ${owner} group by a.purpose, a.type`,
  );
  return Object.fromEntries(rows.map((r) => [r.purpose, r.balance]));
}

const P1: [string, string] = ['186543.21', '23456.78'];
const P2: [string, string] = ['179876.54', '24680.13'];
const SECRET_TEXT = 'SECRET-PROPOSAL-渗透测试标记-7741';
/** Everything that must not be readable anywhere before the opening. */
const NEEDLES = [...P1, ...P2, '746172.84', '719506.16', '1108236.92', '1091927.43', SECRET_TEXT];

async function readAllTenderRoutes(client: ApiClient, tenderId: string): Promise<string> {
  const doc = (await client.get('/api/openapi.json')).body;
  let text = '';
  let visited = 0;
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    if (!item.get) continue;
    const hasTender = path.includes('{tenderId}');
    const isList = /\/(tenders|public\/tender-notices|platform\/tenders|audit-log|rfqs)$/.test(path);
    if (!hasTender && !isList) continue;
    if ((path.match(/\{/g) ?? []).length > (hasTender ? 1 : 0)) continue;
    const url = path.replace('/api/v1', '').replace('{tenderId}', tenderId);
    const r = await client.get(`/api/v1${url}${isList ? '?limit=200' : ''}`);
    assert.ok(r.status < 500, `${path}: ${r.status}`);
    text += `\n${path} ${r.status} ${r.text}`;
    visited++;
  }
  assert.ok(visited >= 12, `only ${visited} routes read`);
  return text;
}

describe('tender: registration, deposits, sealed bids, quorum opening, evaluation, award passed on after a lapse', () => {
  let tender: any;
  let s1Receipt: any;

  test('publication needs every opener to accept; the notice is public; documents download', async () => {
    const draft = ok(
      await buyer.purchaser.post('/api/v1/tenders', {
        title: '草稿招标',
        visibility: 'public',
        method: 'comprehensive',
        registrationDeadline: new Date(Date.now() + 3_000_000).toISOString(),
        bidDeadline: new Date(Date.now() + 3_600_000).toISOString(),
        openingAt: new Date(Date.now() + 3_600_000).toISOString(),
        openerUserIds: [buyer.ids.purchaser, buyer.ids.approver],
        evaluatorUserIds: [buyer.ids.approver],
        lines: [{ name: 'x', quantity: '1', uom: '台' }],
      }),
    ).body;
    const refused = await buyer.purchaser.post(`/api/v1/tenders/${draft.id}/publish`, {});
    expectStatus(refused, 409);
    assert.equal(refused.body.code, 'sourcing.openers_not_ready');
    expectStatus(await buyer.purchaser.post(`/api/v1/tenders/${draft.id}/openers/accept`, { passphrase: 'too short' }), 400);
    expectStatus(await buyer.requisitioner.post(`/api/v1/tenders/${draft.id}/openers/accept`, { passphrase: 'long enough passphrase' }), 403);
    const badPeople = await buyer.purchaser.post('/api/v1/tenders', {
      title: 'x',
      visibility: 'public',
      method: 'comprehensive',
      registrationDeadline: draft.registrationDeadline,
      bidDeadline: draft.bidDeadline,
      openingAt: draft.openingAt,
      openerUserIds: [buyer.ids.requisitioner],
      evaluatorUserIds: [buyer.ids.approver],
      lines: [{ name: 'x', quantity: '1', uom: '台' }],
    });
    expectStatus(badPeople, 400);
    assert.equal(badPeople.body.errors[0].pointer, '/openerUserIds/0');

    tender = await publishedTender(buyer);
    assert.equal(tender.status, 'published');
    assert.match(tender.number, /^TND-\d{4}-\d{6}$/);
    assert.match(tender.sealingPublicKeySha256, /^[0-9a-f]{64}$/);
    const notices = ok(await new ApiClient(server.url).get(`/api/v1/public/tender-notices?tenderId=${tender.id}`));
    assert.equal(notices.body.items.length, 1);
    assert.equal(notices.body.items[0].kind, 'publication');
    const doc = await s1.sales.get(`/api/v1/tenders/${tender.id}/documents/${tender.documents[0].id}`);
    expectStatus(doc, 200);
    assert.equal(doc.text, '招标文件正文');
  });

  test('registration, qualification and the deposit gate bidding; each refusal names its reason', async () => {
    const unregistered = await s1.sales.request('PUT', `/api/v1/tenders/${tender.id}/bid`, { body: bidBody(tender, P1) });
    expectStatus(unregistered, 403);
    assert.equal(unregistered.body.code, 'sourcing.not_registered');
    const reg = ok(await s1.sales.post(`/api/v1/tenders/${tender.id}/registration`, { statement: '具备资质' }));
    expectStatus(await s1.sales.post(`/api/v1/tenders/${tender.id}/registration`, {}), 409);
    const pending = await s1.sales.request('PUT', `/api/v1/tenders/${tender.id}/bid`, { body: bidBody(tender, P1) });
    expectStatus(pending, 403);
    assert.equal(pending.body.code, 'sourcing.not_qualified');
    expectStatus(await s1.sales.post(`/api/v1/tenders/${tender.id}/registrations/${reg.body.id}/qualify`, { decision: 'qualified' }), 403);
    ok(await buyer.purchaser.post(`/api/v1/tenders/${tender.id}/registrations/${reg.body.id}/qualify`, { decision: 'qualified' }));
    const noDeposit = await s1.sales.request('PUT', `/api/v1/tenders/${tender.id}/bid`, { body: bidBody(tender, P1) });
    expectStatus(noDeposit, 403);
    assert.equal(noDeposit.body.code, 'sourcing.deposit_required');
    const wrongAmount = await s1.finance.post(`/api/v1/tenders/${tender.id}/deposit`, { amount: '4999.99', bankReference: 'X' });
    expectStatus(wrongAmount, 422);
    assert.equal(wrongAmount.body.amount, '5000.00');
    ok(await s1.finance.post(`/api/v1/tenders/${tender.id}/deposit`, { amount: '5000.00', bankReference: 'BANK-S1' }));
    expectStatus(await s1.finance.post(`/api/v1/tenders/${tender.id}/deposit`, { amount: '5000.00', bankReference: 'BANK-S1-again' }), 409);
    await qualifiedBidder(buyer, s2, tender);
    await qualifiedBidder(buyer, s3, tender);
    // The outsider registers, is rejected, and its deposit (paid while pending) comes back.
    const outReg = ok(await outsider.sales.post(`/api/v1/tenders/${tender.id}/registration`, {})).body;
    ok(await outsider.finance.post(`/api/v1/tenders/${tender.id}/deposit`, { amount: '5000.00', bankReference: 'BANK-OUT' }));
    ok(await buyer.purchaser.post(`/api/v1/tenders/${tender.id}/registrations/${outReg.id}/qualify`, { decision: 'rejected', note: '资质不符' }));
    const rejected = await outsider.sales.request('PUT', `/api/v1/tenders/${tender.id}/bid`, { body: bidBody(tender, P1) });
    expectStatus(rejected, 403);
    assert.equal(rejected.body.code, 'sourcing.not_qualified');
    assert.equal((await balances(outsider.orgId)).deposits_held, '0.00');
    assert.equal((await balances(s1.orgId)).deposits_held, '5000.00');
    await assertTrialBalanceZero(server);
    // The buyer may not bid on its own tender.
    expectStatus(await buyer.admin.request('PUT', `/api/v1/tenders/${tender.id}/bid`, { body: bidBody(tender, P1) }), 403);
  });

  test('sealed bids: a receipt with the envelope hash; revisions, withdrawal and an idempotent retry', async () => {
    s1Receipt = ok(await s1.sales.request('PUT', `/api/v1/tenders/${tender.id}/bid`, { body: bidBody(tender, ['1', '1']), idempotencyKey: 's1-first' })).body;
    assert.equal(s1Receipt.revision, 1);
    assert.match(s1Receipt.sealedSha256, /^[0-9a-f]{64}$/);
    const replay = ok(await s1.sales.request('PUT', `/api/v1/tenders/${tender.id}/bid`, { body: bidBody(tender, ['1', '1']), idempotencyKey: 's1-first' })).body;
    assert.equal(replay.replayed, true);
    assert.equal(replay.revision, 1);
    s1Receipt = ok(await s1.sales.request('PUT', `/api/v1/tenders/${tender.id}/bid`, { body: bidBody(tender, P1, { technicalProposal: SECRET_TEXT }), idempotencyKey: 's1-second' })).body;
    assert.equal(s1Receipt.revision, 2);
    const idem = await query(server.db, sql`select 1 from idempotency_keys where key in ('s1-first', 's1-second')`);
    assert.equal(idem.length, 0, 'sealed bids never reach the generic idempotency store (it keeps a body hash)');
    await placeBid(s2, tender, ['100', '100']);
    ok(await s2.sales.post(`/api/v1/tenders/${tender.id}/bid/withdraw`, {}));
    const [withdrawn] = await query<{ sealed: unknown; status: string }>(server.db, sql`select sealed, status from tender_bids where tender_id = ${tender.id} and supplier_org_id = ${s2.orgId}`);
    assert.equal(withdrawn!.status, 'withdrawn');
    assert.equal(withdrawn!.sealed, null, 'a withdrawn envelope is deleted');
    const again = await placeBid(s2, tender, P2);
    assert.equal(again.revision, 2);
    const own = ok(await s1.sales.get(`/api/v1/tenders/${tender.id}`)).body;
    assert.equal(own.myBid.sealedSha256, s1Receipt.sealedSha256);
    assert.equal(own.myBid.totalPrice, null);
    // What is in clear in the bid rows: bidder, times, revision, hash. The content is an envelope.
    const rows = await query<{ sealed: Buffer; sealed_sha256: string; total_price: string | null; opened_content: unknown }>(server.db, sql`select sealed, sealed_sha256, total_price, opened_content from tender_bids where tender_id = ${tender.id} and status = 'submitted'`);
    assert.equal(rows.length, 2);
    for (const r of rows) {
      assert.equal(r.total_price, null);
      assert.equal(r.opened_content, null);
      assert.ok(Buffer.from(r.sealed).length > 200);
    }
  });

  test('before the opening no role can read a bid through any API route, and no database column holds a price', async () => {
    const roles: Array<[string, ApiClient]> = [
      ['buyer purchaser', buyer.purchaser],
      ['buyer admin', buyer.admin],
      ['opener', buyer.approver],
      ['evaluator', buyer.requisitioner],
      ['buyer finance', buyer.finance],
      ['operator', platform.operator],
      ['supervisor', platform.supervisor],
      ['competitor s2', s2.sales],
      ['competitor s3', s3.sales],
      ['outsider', outsider.sales],
      ['anonymous', new ApiClient(server.url)],
    ];
    for (const [role, client] of roles) {
      const text = await readAllTenderRoutes(client, tender.id);
      for (const needle of NEEDLES) assert.ok(!text.includes(needle), `${role} read ${needle}`);
    }
    const buyerView = ok(await buyer.purchaser.get(`/api/v1/tenders/${tender.id}`)).body;
    assert.equal(buyerView.bidCount, null, 'not even the number of bids before the opening');
    const supervision = ok(await platform.supervisor.get(`/api/v1/platform/tenders/${tender.id}`)).body;
    assert.equal(supervision.bids, null, 'who bid is not shown before the deadline');
    assert.deepEqual(await scanDatabase(server, NEEDLES), []);
  });

  test('the opening needs the time, the window and the quorum; a wrong passphrase counts', async () => {
    const early = await buyer.approver.post(`/api/v1/tenders/${tender.id}/opening/confirm`, { passphrase: PASSPHRASES.approver });
    expectStatus(early, 409);
    assert.equal(early.body.code, 'sourcing.opening_window');
    await passBidDeadline(server, tender.id);
    const late = await s1.sales.request('PUT', `/api/v1/tenders/${tender.id}/bid`, { body: bidBody(tender, P1) });
    expectStatus(late, 409);
    assert.equal(late.body.code, 'sourcing.deadline_passed');
    expectStatus(await s2.sales.post(`/api/v1/tenders/${tender.id}/bid/withdraw`, {}), 409);
    expectStatus(await buyer.requisitioner.post(`/api/v1/tenders/${tender.id}/opening/confirm`, { passphrase: 'whatever passphrase' }), 403);
    const wrong = await buyer.approver.post(`/api/v1/tenders/${tender.id}/opening/confirm`, { passphrase: PASSPHRASES.finance });
    expectStatus(wrong, 422);
    assert.equal(wrong.body.remaining, 4);
    const first = ok(await buyer.approver.post(`/api/v1/tenders/${tender.id}/opening/confirm`, { passphrase: PASSPHRASES.approver })).body;
    assert.deepEqual(first, { opened: false, confirmed: 1, quorum: 2 });
    // One share released is below the threshold: everything stays sealed.
    assert.deepEqual(await scanDatabase(server, NEEDLES), []);
    const sealedEval = ok(await buyer.requisitioner.get(`/api/v1/tenders/${tender.id}/evaluation`)).body;
    assert.equal(sealedEval.bids, null);
    const opening = ok(await buyer.purchaser.get(`/api/v1/tenders/${tender.id}/opening`)).body;
    assert.equal(opening.record, null);
    assert.equal(opening.confirmed, 1);
    const second = ok(await buyer.finance.post(`/api/v1/tenders/${tender.id}/opening/confirm`, { passphrase: PASSPHRASES.finance })).body;
    assert.deepEqual(second, { opened: true, confirmed: 2, quorum: 2 });
    const record = ok(await buyer.purchaser.get(`/api/v1/tenders/${tender.id}/opening`)).body.record;
    assert.equal(record.openers.length, 2);
    assert.equal(record.bids.length, 2);
    const b1 = record.bids.find((b: any) => b.supplierOrgId === s1.orgId);
    assert.equal(b1.totalPrice, '1108236.92');
    assert.equal(b1.sealedSha256, s1Receipt.sealedSha256);
    assert.equal(b1.lines[0].unitPrice, '186543.2100');
    // Bidders read the record (prices read out); a registrant that did not bid does not.
    assert.equal(ok(await s2.sales.get(`/api/v1/tenders/${tender.id}/opening`)).body.record.bids.length, 2);
    assert.equal(ok(await s3.sales.get(`/api/v1/tenders/${tender.id}/opening`)).body.record, null);
    // s3 registered and paid but did not bid: refunded at the opening. Key shares are gone.
    assert.equal((await balances(s3.orgId)).deposits_held, '0.00');
    const shares = await query(server.db, sql`select 1 from tender_openers where tender_id = ${tender.id} and (sealed_share is not null or released_share is not null)`);
    assert.equal(shares.length, 0);
    assert.equal(ok(await buyer.purchaser.get(`/api/v1/tenders/${tender.id}`)).body.bidCount, 2);
    // The scan that found nothing before finds the prices now: it does look where they would be.
    assert.ok((await scanDatabase(server, [P1[0]])).some((hit) => hit.startsWith('tender_bids.opened_content')));
    await assertTrialBalanceZero(server);
  });

  test('evaluation: declarations first, each evaluator scores alone, price score by formula, ranked results', async () => {
    const evalView = ok(await buyer.approver.get(`/api/v1/tenders/${tender.id}/evaluation`)).body;
    assert.equal(evalView.bids, null, 'no bids before the declaration');
    const bidOf = async (org: string) => (await query<{ id: string }>(server.db, sql`select id from tender_bids where tender_id = ${tender.id} and supplier_org_id = ${org}`))[0]!.id;
    const [b1, b2] = [await bidOf(s1.orgId), await bidOf(s2.orgId)];
    const undeclared = await buyer.approver.request('PUT', `/api/v1/tenders/${tender.id}/evaluation/scores`, { body: { scores: [{ bidId: b1, technical: '90', commercial: '80' }] } });
    expectStatus(undeclared, 409);
    assert.equal(undeclared.body.code, 'sourcing.declaration_required');
    expectStatus(await buyer.purchaser.post(`/api/v1/tenders/${tender.id}/evaluation/declaration`, { conflict: false }), 403);
    ok(await buyer.approver.post(`/api/v1/tenders/${tender.id}/evaluation/declaration`, { conflict: false, statement: '与投标人无利害关系' }));
    ok(await buyer.requisitioner.post(`/api/v1/tenders/${tender.id}/evaluation/declaration`, { conflict: false }));
    assert.equal(ok(await buyer.approver.get(`/api/v1/tenders/${tender.id}/evaluation`)).body.bids.length, 2);
    const incomplete = await buyer.approver.request('PUT', `/api/v1/tenders/${tender.id}/evaluation/scores`, { body: { scores: [{ bidId: b1, technical: '90', commercial: '80' }], submit: true } });
    expectStatus(incomplete, 422);
    assert.equal(incomplete.body.code, 'sourcing.scores_incomplete');
    ok(await buyer.approver.request('PUT', `/api/v1/tenders/${tender.id}/evaluation/scores`, { body: { scores: [{ bidId: b1, technical: '90', commercial: '80' }, { bidId: b2, technical: '70', commercial: '85' }] } }));
    // Draft scores are the author's alone.
    const other = ok(await buyer.requisitioner.get(`/api/v1/tenders/${tender.id}/evaluation`)).body;
    assert.deepEqual(other.myScores, []);
    assert.equal(other.otherScores, null);
    assert.equal(ok(await buyer.purchaser.get(`/api/v1/tenders/${tender.id}/evaluation`)).body.otherScores, null);
    ok(await buyer.approver.request('PUT', `/api/v1/tenders/${tender.id}/evaluation/scores`, { body: { scores: [], submit: true } }));
    expectStatus(await buyer.approver.request('PUT', `/api/v1/tenders/${tender.id}/evaluation/scores`, { body: { scores: [{ bidId: b1, technical: '10', commercial: '10' }] } }), 409);
    const stillAlone = ok(await buyer.requisitioner.get(`/api/v1/tenders/${tender.id}/evaluation`)).body;
    assert.equal(stillAlone.otherScores, null, "the requisitioner has not submitted: the approver's submitted scores stay hidden");
    assert.deepEqual(ok(await buyer.approver.get(`/api/v1/tenders/${tender.id}/evaluation`)).body.otherScores, [], 'the approver submitted: others have nothing submitted yet');
    const done = ok(await buyer.requisitioner.request('PUT', `/api/v1/tenders/${tender.id}/evaluation/scores`, { body: { scores: [{ bidId: b1, technical: '86', commercial: '84' }, { bidId: b2, technical: '74', commercial: '75' }], submit: true } })).body;
    assert.equal(done.evaluationCompleted, true);
    const results = ok(await buyer.purchaser.get(`/api/v1/tenders/${tender.id}/evaluation`)).body.results;
    const r1 = results.find((r: any) => r.supplierOrgId === s1.orgId);
    const r2 = results.find((r: any) => r.supplierOrgId === s2.orgId);
    // s2 is cheapest (price score 100); s1: 100 × 1091927.43 / 1108236.92 = 98.528; totals 60/30/10.
    assert.deepEqual([r1.priceScore, r1.technicalScore, r1.commercialScore, r1.totalScore, r1.rank], ['98.53', '88.00', '82.00', '93.72', 1]);
    assert.deepEqual([r2.priceScore, r2.totalScore, r2.rank], ['100.00', '89.60', 2]);
    assert.equal(ok(await buyer.purchaser.get(`/api/v1/tenders/${tender.id}`)).body.status, 'evaluated');
    const candidates = ok(await new ApiClient(server.url).get(`/api/v1/public/tender-notices?tenderId=${tender.id}&kind=candidates`)).body.items;
    assert.equal(candidates[0].data.candidates[0].rank, 1);
    tender.bids = { b1, b2 };
  });

  test('a winner that does not confirm in time loses the award to the next bidder (job queue) and forfeits its deposit', async () => {
    const award = ok(await buyer.purchaser.post(`/api/v1/tenders/${tender.id}/award`, {})).body;
    assert.equal(award.supplierOrgId, s1.orgId);
    expectStatus(await s2.sales.post(`/api/v1/tenders/${tender.id}/award/confirm`, {}), 409);
    expectStatus(await buyer.purchaser.post(`/api/v1/tenders/${tender.id}/award/confirm`, {}), 403);
    // Time passes beyond the confirmation period: the queued job fires.
    await query(server.db, sql`update tender_awards set confirm_by = clock_timestamp() - interval '1 second' where id = ${award.id}`);
    await query(server.db, sql`update jobs set run_at = clock_timestamp() where dedupe_key = ${`tender-award:${award.id}`}`);
    const passed = await waitFor(async () => {
      const r = ok(await buyer.purchaser.get(`/api/v1/tenders/${tender.id}/awards`)).body;
      return r.current && r.current.supplierOrgId === s2.orgId ? r : null;
    }, 'award passed to s2');
    assert.equal(passed.items.find((a: any) => a.supplierOrgId === s1.orgId).status, 'lapsed');
    const late = await s1.sales.post(`/api/v1/tenders/${tender.id}/award/confirm`, {});
    expectStatus(late, 409);
    const confirmed = ok(await s2.sales.post(`/api/v1/tenders/${tender.id}/award/confirm`, {})).body;
    const order = ok(await buyer.purchaser.get(`/api/v1/orders/${confirmed.orderId}`)).body;
    assert.equal(order.source, 'tender');
    assert.equal(order.sourceRef, tender.id);
    assert.equal(order.supplierOrgId, s2.orgId);
    assert.deepEqual([order.subtotal, order.taxTotal, order.total], ['966307.46', '125619.97', '1091927.43']);
    assert.ok(order.lines.every((l: any) => l.priceSource === 'bid'));
    const final = ok(await buyer.purchaser.get(`/api/v1/tenders/${tender.id}`)).body;
    assert.equal(final.status, 'concluded');
    assert.equal(final.orderId, confirmed.orderId);
    // Deposits: s1 forfeited to the buyer, everyone else refunded, exactly once each.
    assert.equal((await balances(s1.orgId)).deposits_held, '0.00');
    assert.equal((await balances(s2.orgId)).deposits_held, '0.00');
    assert.equal((await balances(buyer.orgId)).wallet, '5000.00');
    const deposits = ok(await buyer.purchaser.get(`/api/v1/tenders/${tender.id}/deposits`)).body.items;
    const byOrg = Object.fromEntries(deposits.map((d: any) => [d.supplierOrgId, d.status]));
    assert.deepEqual([byOrg[s1.orgId], byOrg[s2.orgId], byOrg[s3.orgId], byOrg[outsider.orgId]], ['forfeited', 'refunded', 'refunded', 'refunded']);
    const entries = await query<{ kind: string; n: number }>(server.db, sql`select kind, count(*)::int as n from ledger_entries where reference_type = 'tender' and reference_id = ${tender.id} group by kind order by kind`);
    assert.deepEqual(entries, [
      { kind: 'sourcing.deposit.forfeited', n: 1 },
      { kind: 'sourcing.deposit.received', n: 4 },
      { kind: 'sourcing.deposit.refunded', n: 3 },
    ]);
    const result = ok(await new ApiClient(server.url).get(`/api/v1/public/tender-notices?tenderId=${tender.id}&kind=result`)).body.items;
    assert.equal(result[0].data.totalPrice, '1091927.43');
    await assertTrialBalanceZero(server);
  });
});

describe('tender integrity rules', () => {
  test('a late material amendment extends the deadline and forces reconfirmation; unconfirmed bids are excluded', async () => {
    const t = await publishedTender(buyer, { depositAmount: '1000.00', amendmentNoticeMinutes: 600, registrationDeadline: new Date(Date.now() + 60_000).toISOString(), bidDeadline: new Date(Date.now() + 120_000).toISOString(), openingAt: new Date(Date.now() + 120_000).toISOString() });
    await qualifiedBidder(buyer, s1, t);
    await qualifiedBidder(buyer, s2, t);
    await placeBid(s1, t, P1);
    await placeBid(s2, t, P2);
    const minor = ok(await buyer.purchaser.post(`/api/v1/tenders/${t.id}/amendments`, { title: '答疑纪要', body: '交货地点不变。', material: false })).body;
    assert.equal(minor.deadlineExtended, false);
    assert.equal(minor.bidsToReconfirm, 0);
    const before = Date.now();
    const major = ok(await buyer.purchaser.post(`/api/v1/tenders/${t.id}/amendments`, { title: '技术规范修改', body: '变压器能效等级提高为一级。', material: true })).body;
    assert.equal(major.deadlineExtended, true);
    assert.equal(major.bidsToReconfirm, 2);
    assert.ok(new Date(major.tender.bidDeadline).getTime() >= before + 600 * 60_000 - 5_000, 'the deadline moved to the notice period from now');
    assert.ok(new Date(major.tender.openingAt) >= new Date(major.tender.bidDeadline));
    assert.equal(major.tender.documentRevision, 3);
    const mine = ok(await s1.sales.get(`/api/v1/tenders/${t.id}`)).body;
    assert.equal(mine.myBid.needsReconfirmation, true);
    assert.ok(mine.actions.includes('reconfirm_bid'));
    const stale = await s1.sales.post(`/api/v1/tenders/${t.id}/bid/reconfirm`, { documentRevision: 2 });
    expectStatus(stale, 409);
    const outdatedBid = await s1.sales.request('PUT', `/api/v1/tenders/${t.id}/bid`, { body: bidBody({ ...t, documentRevision: 1 }, P1) });
    expectStatus(outdatedBid, 409);
    assert.equal(outdatedBid.body.errors[0].pointer, '/documentRevision');
    ok(await s1.sales.post(`/api/v1/tenders/${t.id}/bid/reconfirm`, { documentRevision: 3 }));
    expectStatus(await s1.sales.post(`/api/v1/tenders/${t.id}/bid/reconfirm`, { documentRevision: 3 }), 409);
    await passBidDeadline(server, t.id);
    ok(await buyer.purchaser.post(`/api/v1/tenders/${t.id}/opening/confirm`, { passphrase: PASSPHRASES.purchaser }));
    ok(await buyer.approver.post(`/api/v1/tenders/${t.id}/opening/confirm`, { passphrase: PASSPHRASES.approver }));
    const record = ok(await buyer.purchaser.get(`/api/v1/tenders/${t.id}/opening`)).body.record;
    assert.deepEqual(record.bids.map((b: any) => b.supplierOrgId), [s1.orgId]);
    assert.deepEqual(record.excluded.map((b: any) => [b.supplierOrgId, b.reason]), [[s2.orgId, 'not_reconfirmed']]);
    assert.equal((await balances(s2.orgId)).deposits_held, '0.00', 'an excluded bidder gets its deposit back');
    await assertTrialBalanceZero(server);
  });

  test('without a quorum in the window the confirmations lapse; the opening is rescheduled; five wrong passphrases lock an opener', async () => {
    const t = await publishedTender(buyer, { depositAmount: '0' });
    await qualifiedBidder(buyer, s1, t);
    await placeBid(s1, t, ['10', '10']);
    await passBidDeadline(server, t.id);
    ok(await buyer.purchaser.post(`/api/v1/tenders/${t.id}/opening/confirm`, { passphrase: PASSPHRASES.purchaser }));
    await passOpeningWindow(server, t.id);
    const late = await buyer.approver.post(`/api/v1/tenders/${t.id}/opening/confirm`, { passphrase: PASSPHRASES.approver });
    expectStatus(late, 409);
    assert.equal(late.body.code, 'sourcing.opening_window');
    await query(server.db, sql`update jobs set run_at = clock_timestamp() where kind = 'sourcing.tender.opening_lapse' and payload->>'tenderId' = ${t.id} and status = 'queued'`);
    await query(server.db, sql`update job_schedules set next_run_at = clock_timestamp() where name = 'sourcing.sweep'`);
    await waitFor(async () => (await query(server.db, sql`select 1 from tender_openers where tender_id = ${t.id} and confirmed_at is not null`)).length === 0, 'confirmations lapsed');
    const opening = ok(await buyer.purchaser.get(`/api/v1/tenders/${t.id}/opening`)).body;
    assert.equal(opening.confirmed, 0);
    ok(await buyer.purchaser.post(`/api/v1/tenders/${t.id}/opening/reschedule`, { openingAt: new Date(Date.now() + 1000).toISOString() }));
    await new Promise((r) => setTimeout(r, 1200));
    for (let i = 0; i < 5; i++) expectStatus(await buyer.finance.post(`/api/v1/tenders/${t.id}/opening/confirm`, { passphrase: `wrong passphrase ${i}` }), 422);
    const locked = await buyer.finance.post(`/api/v1/tenders/${t.id}/opening/confirm`, { passphrase: PASSPHRASES.finance });
    expectStatus(locked, 423);
    ok(await buyer.purchaser.post(`/api/v1/tenders/${t.id}/opening/confirm`, { passphrase: PASSPHRASES.purchaser }));
    const opened = ok(await buyer.approver.post(`/api/v1/tenders/${t.id}/opening/confirm`, { passphrase: PASSPHRASES.approver })).body;
    assert.equal(opened.opened, true);
  });

  test('an invitation tender does not exist for suppliers that are not invited (404 everywhere, not listed, no notice)', async () => {
    const t = await publishedTender(buyer, { visibility: 'invited', supplierOrgIds: [s1.orgId, s2.orgId], depositAmount: '0' });
    ok(await s1.sales.get(`/api/v1/tenders/${t.id}`));
    const unknown = await s3.sales.get('/api/v1/tenders/tnd_01NOPE0000000000000000000');
    for (const r of [
      await s3.sales.get(`/api/v1/tenders/${t.id}`),
      await s3.sales.post(`/api/v1/tenders/${t.id}/registration`, {}),
      await s3.finance.post(`/api/v1/tenders/${t.id}/deposit`, { amount: '1.00', bankReference: 'x' }),
      await s3.sales.request('PUT', `/api/v1/tenders/${t.id}/bid`, { body: bidBody(t, P1) }),
      await s3.sales.get(`/api/v1/tenders/${t.id}/opening`),
      await s3.sales.get(`/api/v1/tenders/${t.id}/documents/${t.documents[0].id}`),
    ]) {
      expectStatus(r, 404);
      assert.equal(r.body.code, unknown.body.code);
    }
    const inbox = ok(await s3.sales.get('/api/v1/tenders?role=supplier&limit=200')).body.items;
    assert.ok(!inbox.some((i: any) => i.id === t.id));
    assert.ok(ok(await s1.sales.get('/api/v1/tenders?role=supplier&limit=200')).body.items.some((i: any) => i.id === t.id));
    const publicNotices = ok(await new ApiClient(server.url).get(`/api/v1/public/tender-notices?tenderId=${t.id}`)).body.items;
    assert.deepEqual(publicNotices, []);
    const invitedNotices = ok(await s1.sales.get(`/api/v1/public/tender-notices?tenderId=${t.id}`)).body.items;
    assert.equal(invitedNotices.length, 1);
    expectStatus(await s3.sales.get(`/api/v1/public/tender-notices/${invitedNotices[0].id}`), 404);
  });

  test('a suspended supplier can do nothing; the award skips it; a declining winner forfeits and with nobody left the tender fails', async () => {
    const victim = await createSupplierSide(server);
    const t = await publishedTender(buyer, { method: 'lowest_price', depositAmount: '800.00' });
    await qualifiedBidder(buyer, victim, t);
    await qualifiedBidder(buyer, s1, t);
    await placeBid(victim, t, ['1.00', '1.00']);
    await placeBid(s1, t, ['2.00', '2.00']);
    ok(await platform.operator.post(`/api/v1/platform/organizations/${victim.orgId}/suspend`, { reason: '串通投标' }));
    for (const r of [await victim.sales.get(`/api/v1/tenders/${t.id}`), await victim.sales.request('PUT', `/api/v1/tenders/${t.id}/bid`, { body: bidBody(t, ['0.5', '0.5']) }), await victim.sales.post(`/api/v1/tenders/${t.id}/bid/withdraw`, {})]) {
      expectStatus(r, 403);
      assert.equal(r.body.code, 'auth.org_inactive');
    }
    await passBidDeadline(server, t.id);
    ok(await buyer.purchaser.post(`/api/v1/tenders/${t.id}/opening/confirm`, { passphrase: PASSPHRASES.purchaser }));
    ok(await buyer.finance.post(`/api/v1/tenders/${t.id}/opening/confirm`, { passphrase: PASSPHRASES.finance }));
    const bids = await query<{ id: string; supplier_org_id: string }>(server.db, sql`select id, supplier_org_id from tender_bids where tender_id = ${t.id}`);
    for (const [client, conflict] of [[buyer.approver, false], [buyer.requisitioner, true]] as const) ok(await client.post(`/api/v1/tenders/${t.id}/evaluation/declaration`, { conflict }));
    expectStatus(await buyer.requisitioner.request('PUT', `/api/v1/tenders/${t.id}/evaluation/scores`, { body: { scores: [] } }), 403);
    ok(await buyer.approver.request('PUT', `/api/v1/tenders/${t.id}/evaluation/scores`, { body: { scores: bids.map((b) => ({ bidId: b.id, technical: '80', commercial: '80' })), submit: true } }));
    const results = ok(await buyer.purchaser.get(`/api/v1/tenders/${t.id}/evaluation`)).body.results;
    assert.equal(results.find((r: any) => r.supplierOrgId === victim.orgId).rank, 1, 'lowest price ranks first');
    // The first candidate is suspended: the award goes to the first active one.
    const award = ok(await buyer.purchaser.post(`/api/v1/tenders/${t.id}/award`, {})).body;
    assert.equal(award.supplierOrgId, s1.orgId);
    const declined = ok(await s1.sales.post(`/api/v1/tenders/${t.id}/award/decline`, { reason: '产能不足' })).body;
    assert.deepEqual([declined.passedTo, declined.failed], [null, true]);
    assert.equal(ok(await buyer.purchaser.get(`/api/v1/tenders/${t.id}`)).body.status, 'failed');
    const deposits = Object.fromEntries(ok(await buyer.purchaser.get(`/api/v1/tenders/${t.id}/deposits`)).body.items.map((d: any) => [d.supplierOrgId, d.status]));
    assert.deepEqual([deposits[s1.orgId], deposits[victim.orgId]], ['forfeited', 'refunded']);
    await assertTrialBalanceZero(server);
  });

  test('a cancelled tender refunds every deposit and its bids stay sealed', async () => {
    const t = await publishedTender(buyer, { depositAmount: '300.00' });
    await qualifiedBidder(buyer, s3, t);
    await placeBid(s3, t, ['77777.77', '66666.66']);
    ok(await buyer.purchaser.post(`/api/v1/tenders/${t.id}/cancel`, { reason: '项目取消' }));
    assert.equal((await balances(s3.orgId)).deposits_held, '0.00');
    assert.deepEqual(await scanDatabase(server, ['77777.77', '66666.66']), []);
    expectStatus(await buyer.approver.post(`/api/v1/tenders/${t.id}/opening/confirm`, { passphrase: PASSPHRASES.approver }), 409);
    await assertTrialBalanceZero(server);
  });

  test('live channel: tender and RFQ topics push each viewer its own view; outsiders get not_found', async () => {
    const t = await publishedTender(buyer, { visibility: 'invited', supplierOrgIds: [s1.orgId], depositAmount: '0' });
    const topic = `tender:${t.id}`;
    const [lb, ls, lo] = await Promise.all([LiveClient.connect(server.url, buyer.purchaser), LiveClient.connect(server.url, s1.sales), LiveClient.connect(server.url, s3.sales)]);
    assert.equal((await lb.subscribe(topic)).type, 'subscribed');
    assert.equal((await ls.subscribe(topic)).type, 'subscribed');
    const refused = await lo.subscribe(topic);
    assert.deepEqual([refused.type, refused.code], ['error', 'not_found']);
    const first = await ls.next((m) => m.type === 'state' && m.topic === topic);
    assert.deepEqual([first.data.view, first.data.documentRevision, first.data.myRegistration], ['supplier', 1, null]);
    await qualifiedBidder(buyer, s1, t);
    await placeBid(s1, t, P1);
    const mine = await ls.next((m) => m.type === 'state' && m.topic === topic && m.data.myBid?.status === 'submitted');
    assert.equal(mine.data.myRegistration, 'qualified');
    ok(await buyer.purchaser.post(`/api/v1/tenders/${t.id}/amendments`, { title: '补充说明', material: true }));
    const amended = await ls.next((m) => m.type === 'state' && m.topic === topic && m.data.documentRevision === 2);
    assert.equal(amended.data.myBid.needsReconfirmation, true);
    const buyerState = await lb.next((m) => m.type === 'state' && m.topic === topic && m.data.documentRevision === 2);
    assert.deepEqual([buyerState.data.view, buyerState.data.bidCount, buyerState.data.registrationCount], ['buyer', null, 1]);
    for (const m of [...lb.messages, ...ls.messages]) for (const needle of NEEDLES) assert.ok(!JSON.stringify(m).includes(needle));
    for (const c of [lb, ls, lo]) c.close();
  });
});
