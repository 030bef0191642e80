// One resource of every kind a path parameter can name, owned by (or a party to) a tenant: what
// the tenant-isolation walker calls other tenants' routes with. A route with a new parameter name
// fails the walker until its resource is created here (or the name is listed in SHARED_PARAMS).
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { query } from '../../src/platform/db.ts';
import { newId } from '../../src/platform/ids.ts';
import { createSkus, orderFixtures } from '../../src/modules/orders/testing.ts';
import { procurementTenantIds } from '../../src/modules/procurement/test-fixtures.ts';
import { auctionTenantIds } from '../../src/modules/auctions/test-fixtures.ts';
import { sourcingFixtures } from '../../src/modules/sourcing/testing.ts';
import { ApiClient, createTestOrg, type TestOrg, type TestServer } from '../support/harness.ts';
import { licenceForm, signedIn, tokenFromMail, uniqueEmail, uploadLicence, waitFor, type fakeMailbox } from './helpers.ts';

/**
 * Parameters that name what is public or platform-wide by design, not a tenant's data: any
 * organisation may read them, so there is no isolation to test. Each with the reason.
 */
export const SHARED_PARAMS: Record<string, string> = {
  code: 'category codes are the unified commodity coding, the same for every organisation',
  itemId: 'standard items are the platform catalogue of comparable goods',
  supplierId: 'a supplier storefront is public',
  placementId: 'ad placements are shown to everyone, labelled',
};

export interface Tenant {
  org: TestOrg;
  orgId: string;
  client: ApiClient;
  /** path parameter name → an id of this tenant's resource of that kind */
  ids: Record<string, string>;
  /** The real token from the invitation e-mail (a capability, so not in `ids`). */
  inviteToken: string;
}

function ok<R extends { status: number; text: string }>(r: R, label: string): R {
  assert.ok(r.status < 300, `${label}: ${r.status} ${r.text}`);
  return r;
}

/**
 * A buyer+supplier organisation with a resource of every kind. `seller` is a third organisation it
 * trades with, so orders, invoices and agreements have a counterparty that is not the caller.
 */
export async function makeTenant(
  server: TestServer,
  label: string,
  mailbox: ReturnType<typeof fakeMailbox>,
  seller: { org: TestOrg; sales: ApiClient; admin: ApiClient },
): Promise<Tenant> {
  const org = await createTestOrg(server.ctx, ['buyer', 'supplier'], [{ role: 'purchaser', email: uniqueEmail(`${label}-purchaser`) }, { role: 'approver', email: uniqueEmail(`${label}-approver`) }]);
  const client = await signedIn(server, org.admin);
  const userOf = (prefix: string) => Object.entries(org.users).find(([email]) => email.startsWith(prefix))![1];

  // identity
  const inviteeEmail = uniqueEmail(`${label}-invitee`);
  const invitation = ok(await client.post('/api/v1/organization/invitations', { email: inviteeEmail, roles: ['purchaser'] }), 'invitation');
  const mail = await waitFor(async () => mailbox.sent.find((m) => m.to === inviteeEmail), 'invitation mail');
  const key = ok(await client.post('/api/v1/organization/api-keys', { name: `${label} key`, permissions: ['org.users.read'] }), 'api key');
  const document = ok(await uploadLicence(client, licenceForm('other', `${label}.pdf`)), 'document');

  // orders: the tenant buys from the seller
  const orders = await orderFixtures(server, { orgId: org.orgId, client }, { org: seller.org, sales: seller.sales });

  // procurement
  const procurement = await procurementTenantIds(server, client, userOf(`${label}-approver`));

  // settlement and ledger: escrow paid on a second order, the seller invoices the first
  const { skuIds } = await createSkus(server, seller.org, [{ price: '20', stock: '50' }]);
  const second = ok(await client.post('/api/v1/orders/checkout', { paymentMethod: 'escrow', deliveryAddress: '南京', items: [{ skuId: skuIds[0], quantity: '2' }] }), 'checkout').body.orders[0];
  ok(await seller.sales.post(`/api/v1/orders/${second.id}/confirm`, {}), 'confirm');
  const payment = ok(await client.post('/api/v1/payments', { purpose: 'escrow', orderId: second.id, amount: second.total, bankReference: `ISO-${label}-${Date.now()}` }), 'payment').body;
  const invoice = ok(await seller.admin.post('/api/v1/invoices', { orderId: orders.orderId, vatInvoiceNumber: `${Date.now()}`.slice(-8) }), 'invoice').body;
  const balances = ok(await client.get('/api/v1/ledger/balances'), 'balances').body.items as Array<{ accountId: string }>;
  assert.ok(balances.length > 0, 'the escrow payment opened ledger accounts');
  // A payout to this tenant as a supplier, written directly: only reading it is tested here.
  const payoutId = newId('po');
  await query(server.db, sql`insert into payouts (id, supplier_org_id, amount, status, reference) values (${payoutId}, ${org.orgId}, '1.00', 'paid', 'isolation')`);

  // catalog: a draft product (not visible to anyone else), a file on it, an agreement with the seller, an ad bid
  const product = ok(
    await client.post('/api/v1/catalog/my/products', {
      categoryCode: '9901',
      nameZh: `隔离测试产品 ${label}`,
      nameEn: `Isolation product ${label}`,
      uom: 'm',
      leadTimeDays: 3,
      skus: [{ skuCode: `ISO-${label}-${Date.now().toString(36)}`, listPrice: '50.00' }],
    }),
    'product',
  ).body;
  const fileForm = new FormData();
  fileForm.append('kind', 'datasheet');
  fileForm.append('file', new Blob([Buffer.from('%PDF-1.4 datasheet')], { type: 'application/pdf' }), 'datasheet.pdf');
  const file = ok(await client.request('POST', `/api/v1/catalog/my/products/${product.product.id}/files`, { raw: fileForm }), 'product file').body;
  const listed = await createSkus(server, org, [{ price: '30', stock: '10' }]);
  const [listedProduct] = await query<{ product_id: string }>(server.db, sql`select product_id from catalog_skus where id = ${listed.skuIds[0]!}`);
  const bid = ok(await client.post('/api/v1/catalog/my/ad-bids', { productId: listedProduct!.product_id, targetType: 'keyword', target: `隔离${label}`, bidAmount: '1.00' }), 'ad bid').body;
  const agreement = ok(
    await client.post('/api/v1/catalog/agreements', {
      buyerOrgId: seller.org.orgId,
      title: `隔离协议 ${label}`,
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      validTo: new Date(Date.now() + 86_400_000 * 30).toISOString(),
      items: [{ skuId: listed.skuIds[0], unitPrice: '28.00', quantityCap: '5' }],
    }),
    'agreement',
  ).body;

  // sourcing: a closed RFQ and a published invitation tender of the tenant, with the seller's quote attachment, question and registration
  const sourcing = await sourcingFixtures(server, { orgId: org.orgId, client }, seller);

  // auctions: a published lot the tenant runs, its draft presale, its order on the seller's presale
  const auctions = await auctionTenantIds(server, { org, client, label }, seller);

  return {
    org,
    orgId: org.orgId,
    client,
    inviteToken: tokenFromMail(mail.body),
    ids: {
      userId: userOf(`${label}-purchaser`),
      invitationId: invitation.body.id,
      apiKeyId: key.body.apiKey.id,
      documentId: document.body.id,
      orgId: org.orgId,
      supplierOrgId: org.orgId,
      // An invitation token is a capability: whoever holds the link may use it, by design. What
      // must not work is guessing: another tenant's invitation *id* used as a token.
      token: invitation.body.id,
      ...orders,
      ...procurement,
      paymentId: payment.id,
      invoiceId: invoice.id,
      payoutId,
      accountId: balances[0]!.accountId,
      productId: product.product.id,
      skuId: product.skus[0].id,
      fileId: file.id,
      bidId: bid.id,
      agreementId: agreement.id,
      statementId: newId('bst'), // platform-only routes: a tenant is refused before the id matters
      lineId: newId('bsl'),
      ...auctions,
      ...sourcing,
    },
  };
}

/** The organisation both tenants buy from. */
export async function makeSeller(server: TestServer): Promise<{ org: TestOrg; sales: ApiClient; admin: ApiClient }> {
  const org = await createTestOrg(server.ctx, ['buyer', 'supplier'], [{ role: 'sales', email: uniqueEmail('seller-sales') }]);
  const salesEmail = Object.keys(org.users).find((e) => e.startsWith('seller-sales'))!;
  return { org, sales: await signedIn(server, salesEmail), admin: await signedIn(server, org.admin) };
}

export { ApiClient };
