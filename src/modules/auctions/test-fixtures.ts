/**
 * Fixtures for the OpenAPI tenant-isolation walker (test/api): one auction resource of every
 * kind a path parameter names, owned by or made for the tenant (never imported by the server).
 */
import assert from 'node:assert/strict';
import type { ApiClient, TestOrg, TestServer } from '../../../test/support/harness.ts';
import { createSkus } from '../orders/testing.ts';

function ok<R extends { status: number; text: string }>(r: R, label: string): R {
  assert.ok(r.status < 300, `${label}: ${r.status} ${r.text}`);
  return r;
}

/**
 * A published reverse lot the tenant runs (the seller invited), a draft presale of the tenant's
 * (drafts are the supplier's alone; open presales are public offers), and a presale order the
 * tenant placed on the seller's open presale.
 */
export async function auctionTenantIds(
  server: TestServer,
  tenant: { org: TestOrg; client: ApiClient; label: string },
  seller: { org: TestOrg; sales: ApiClient },
): Promise<Record<string, string>> {
  const day = 86_400_000;
  const lot = ok(
    await tenant.client.post('/api/v1/auctions/lots', {
      kind: 'reverse',
      title: `隔离竞价 ${tenant.label}`,
      itemName: '电缆',
      uom: 'm',
      quantity: '100',
      taxRate: '0.13',
      startPrice: '100.00',
      stepType: 'absolute',
      stepValue: '1.00',
      tiePolicy: 'refuse',
      visibility: 'rank',
      access: 'invited',
      startsAt: new Date(Date.now() - 1000).toISOString(),
      endsAt: new Date(Date.now() + day).toISOString(),
    }),
    'lot',
  ).body;
  ok(await tenant.client.post(`/api/v1/auctions/lots/${lot.id}/invitations`, { orgIds: [seller.org.orgId] }), 'invite');
  ok(await tenant.client.post(`/api/v1/auctions/lots/${lot.id}/publish`, {}), 'publish');
  const presaleTerms = (skuId: string) => ({
    skuId,
    title: `隔离预售 ${tenant.label}`,
    unitPrice: '50.00',
    depositPerUnit: '5.00',
    startsAt: new Date(Date.now() - 1000).toISOString(),
    endsAt: new Date(Date.now() + 7 * day).toISOString(),
    deliveryFrom: new Date(Date.now() + 10 * day).toISOString().slice(0, 10),
    deliveryTo: new Date(Date.now() + 20 * day).toISOString().slice(0, 10),
    balanceDueBy: new Date(Date.now() + 9 * day).toISOString(),
  });
  const own = await createSkus(server, tenant.org, [{ price: '60', stock: null }]);
  const presale = ok(await tenant.client.post('/api/v1/presales', presaleTerms(own.skuIds[0]!)), 'presale').body;
  const theirs = await createSkus(server, seller.org, [{ price: '60', stock: null }]);
  const offer = ok(await seller.sales.post('/api/v1/presales', presaleTerms(theirs.skuIds[0]!)), 'seller presale').body;
  ok(await seller.sales.post(`/api/v1/presales/${offer.id}/open`, {}), 'open presale');
  const order = ok(await tenant.client.post(`/api/v1/presales/${offer.id}/orders`, { quantity: '2', amount: '10.00', bankReference: `ISO-${tenant.label}-${Date.now()}` }), 'presale order').body;
  return { lotId: lot.id, presaleId: presale.id, presaleOrderId: order.id };
}
