import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dec } from '../../platform/money.ts';
import { parseStatement, referencesIn } from './bank-csv.ts';
import { chargeCommission, selectRule, type CommissionRuleLike } from './commission.ts';
import { DEFAULT_TOLERANCE, threeWayMatch, vatLine } from './match.ts';
import { encodeGbk } from './test-gbk.ts';

describe('VAT lines', () => {
  test('tax is computed per line on the rounded amount, half up to cents', () => {
    const line = vatLine('3', '33.335', '0.13'); // 100.005 → 100.01; tax 13.0013 → 13.00
    assert.equal(line.lineSubtotal.toFixed(2), '100.01');
    assert.equal(line.lineTax.toFixed(2), '13.00');
    assert.equal(line.lineTotal.toFixed(2), '113.01');
    assert.equal(vatLine('1', '0.50', '0.13').lineTax.toFixed(2), '0.07'); // 0.065 → 0.07
    assert.equal(vatLine('2.5', '10', '0.09').lineTotal.toFixed(2), '27.25');
  });
});

describe('three-way match', () => {
  const order = [
    { id: 'l1', unitPrice: '1000.00', taxRate: '0.13', receivedQuantity: '10', acceptedQuantity: '8', invoicedElsewhere: '0' },
    { id: 'l2', unitPrice: '50.00', taxRate: '0.13', receivedQuantity: '4', acceptedQuantity: '4', invoicedElsewhere: '1' },
  ];
  const tolerance = DEFAULT_TOLERANCE;

  test('matches an invoice at order prices within accepted quantities', () => {
    const r = threeWayMatch(order, [{ orderLineId: 'l1', quantity: '8', unitPrice: '1000.00', taxRate: '0.13' }, { orderLineId: 'l2', quantity: '3', unitPrice: '50', taxRate: '0.13' }], tolerance);
    assert.equal(r.ok, true);
    assert.equal(r.expectedTotal, r.invoicedTotal);
    assert.equal(r.expectedTotal, '9209.50');
  });

  test('accepts a price within 0.5 % and refuses one beyond it', () => {
    const within = threeWayMatch(order, [{ orderLineId: 'l1', quantity: '8', unitPrice: '1000.10', taxRate: '0.13' }], { ...tolerance, totalAmount: '100' });
    assert.equal(within.ok, true, JSON.stringify(within));
    const beyond = threeWayMatch(order, [{ orderLineId: 'l1', quantity: '8', unitPrice: '1006.00', taxRate: '0.13' }], { ...tolerance, totalAmount: '100' });
    assert.deepEqual(beyond.issues, ['price_over_tolerance']);
    assert.equal(beyond.lines[0]!.variance, '48.00');
    assert.equal(beyond.lines[0]!.tolerance, '40.00');
  });

  test('the absolute per-line tolerance covers small lines', () => {
    const r = threeWayMatch(order, [{ orderLineId: 'l2', quantity: '1', unitPrice: '50.90', taxRate: '0.13' }], { ...tolerance, totalAmount: '5' });
    assert.equal(r.ok, true);
    const over = threeWayMatch(order, [{ orderLineId: 'l2', quantity: '1', unitPrice: '51.10', taxRate: '0.13' }], { ...tolerance, totalAmount: '5' });
    assert.deepEqual(over.issues, ['price_over_tolerance']);
  });

  test('the total tolerance catches drift that each line allows', () => {
    const r = threeWayMatch(order, [{ orderLineId: 'l1', quantity: '8', unitPrice: '1000.50', taxRate: '0.13' }], tolerance);
    assert.deepEqual(r.issues, ['total_over_tolerance']);
  });

  test('flags quantities beyond accepted less invoiced elsewhere, and a different tax rate', () => {
    const r = threeWayMatch(order, [{ orderLineId: 'l1', quantity: '9', unitPrice: '1000', taxRate: '0.13' }, { orderLineId: 'l2', quantity: '4', unitPrice: '50', taxRate: '0.09' }], { ...tolerance, totalAmount: '10000' });
    assert.deepEqual(r.lines[0]!.issues, ['quantity_over_accepted']);
    assert.deepEqual(r.lines[1]!.issues, ['quantity_over_accepted', 'tax_rate_mismatch']);
    assert.equal(r.lines[1]!.availableQuantity, '3');
    assert.equal(r.ok, false);
  });
});

describe('commission rules', () => {
  const at = (n: number) => new Date(Date.UTC(2026, 0, n));
  const rule = (id: string, o: Partial<CommissionRuleLike>): CommissionRuleLike => ({
    id, categoryCode: null, supplierTier: null, rate: '0.01', minAmount: null, maxAmount: null, priority: 100, active: true, createdAt: at(1), ...o,
  });
  const rules = [
    rule('default', { rate: '0.02' }),
    rule('tier-strategic', { supplierTier: 'strategic', rate: '0.01' }),
    rule('cables', { categoryCode: '2601', rate: '0.03' }),
    rule('cables-hv', { categoryCode: '260103', rate: '0.04' }),
    rule('cables-strategic', { categoryCode: '2601', supplierTier: 'strategic', rate: '0.025' }),
    rule('inactive', { categoryCode: '2601', rate: '0.5', active: false }),
  ];

  test('the most specific rule wins: longest category prefix, then tier, then default', () => {
    const pick = (categoryCode: string | null, supplierTier: string | null) => selectRule(rules, { categoryCode, supplierTier })?.id;
    assert.equal(pick('26010301', null), 'cables-hv');
    assert.equal(pick('26010301', 'strategic'), 'cables-hv');
    assert.equal(pick('26019999', 'strategic'), 'cables-strategic');
    assert.equal(pick('26019999', 'admitted'), 'cables');
    assert.equal(pick('3001', 'strategic'), 'tier-strategic');
    assert.equal(pick('3001', null), 'default');
    assert.equal(pick(null, null), 'default');
    assert.equal(selectRule([rule('a', { categoryCode: '99' })], { categoryCode: '26', supplierTier: null }), null);
  });

  test('ties go to the lower priority number', () => {
    const r = [rule('p100', { categoryCode: '26' }), rule('p10', { categoryCode: '26', priority: 10 })];
    assert.equal(selectRule(r, { categoryCode: '2601', supplierTier: null })?.id, 'p10');
  });

  test('min and max bound the commission per order and rule, across several acceptances', () => {
    const bounded = [rule('r', { rate: '0.05', minAmount: '20.00', maxAmount: '100.00' })];
    const first = chargeCommission(bounded, null, [{ categoryCode: '26', base: '100.00' }], {});
    assert.equal(first.amount.toFixed(2), '20.00'); // 5.00 raised to the minimum
    const second = chargeCommission(bounded, null, [{ categoryCode: '26', base: '900.00' }], first.detail);
    assert.equal(second.amount.toFixed(2), '30.00'); // 50 on 1000 cumulative, 20 charged before
    const third = chargeCommission(bounded, null, [{ categoryCode: '26', base: '5000.00' }], second.detail);
    assert.equal(third.amount.toFixed(2), '50.00'); // capped at 100 in all
    assert.deepEqual(third.detail.r, { base: '6000.00', charged: '100.00' });
  });

  test('commission never exceeds the base it is charged on', () => {
    const r = chargeCommission([rule('r', { rate: '0.05', minAmount: '20.00' })], null, [{ categoryCode: null, base: '8.00' }], {});
    assert.equal(r.amount.toFixed(2), '8.00');
  });

  test('lines under different rules are charged under each', () => {
    const r = chargeCommission(rules, null, [{ categoryCode: '260103', base: '1000' }, { categoryCode: '3001', base: '500' }], {});
    assert.equal(r.amount.toFixed(2), '50.00'); // 40 + 10
    assert.equal(r.parts.length, 2);
    assert.ok(dec(r.detail['cables-hv']!.charged).eq(40));
  });
});

describe('bank statement CSV', () => {
  const csv = [
    '起息日,金额,币种,付款人名称,付款人账号,银行流水号,附言',
    '2026-11-20,"1,130.00",CNY,华东电网物资公司,6222020000001,BR0001,货款 PO-2026-000001',
    '2026/11/21,250.5,人民币,"某某公司, 上海",6222020000002,BR0002,"备注 ""quoted"""',
    '20261122,-30.00,CNY,,,BR0003,手续费',
  ].join('\r\n');

  test('reads a UTF-8 file with a Chinese header', () => {
    const r = parseStatement(new TextEncoder().encode(`\uFEFF${csv}\r\n`));
    assert.equal(r.encoding, 'utf-8');
    assert.deepEqual(r.errors, []);
    assert.equal(r.lines.length, 3);
    assert.deepEqual(r.lines[0], { lineNo: 2, valueDate: '2026-11-20', amount: '1130.00', currency: 'CNY', payerName: '华东电网物资公司', payerAccount: '6222020000001', bankReference: 'BR0001', remittanceInfo: '货款 PO-2026-000001' });
    assert.equal(r.lines[1]!.payerName, '某某公司, 上海');
    assert.equal(r.lines[1]!.remittanceInfo, '备注 "quoted"');
    assert.equal(r.lines[1]!.valueDate, '2026-11-21');
    assert.equal(r.lines[2]!.amount, '-30.00');
  });

  test('reads the same file encoded as GBK', () => {
    const r = parseStatement(encodeGbk(csv));
    assert.equal(r.encoding, 'gbk');
    assert.deepEqual(r.errors, []);
    assert.equal(r.lines[0]!.payerName, '华东电网物资公司');
    assert.equal(r.lines[0]!.remittanceInfo, '货款 PO-2026-000001');
  });

  test('reads an English header in another column order, and a file without header', () => {
    const english = 'Bank reference,Value date,Amount,Currency,Payer name,Payer account,Remittance info\nX1,2026-01-02,10.00,CNY,A,1,inv_01JABCDEFGHJKMNPQRSTVWXYZ0\n';
    const r = parseStatement(new TextEncoder().encode(english));
    assert.equal(r.lines[0]!.bankReference, 'X1');
    assert.equal(r.lines[0]!.amount, '10.00');
    const bare = parseStatement(new TextEncoder().encode('2026-01-02,10,CNY,A,1,X2,hello\n'));
    assert.equal(bare.lines[0]!.bankReference, 'X2');
    assert.equal(bare.lines[0]!.lineNo, 1);
  });

  test('reports unreadable lines with their numbers', () => {
    const r = parseStatement(new TextEncoder().encode('value date,amount,currency,payer name,payer account,bank reference,remittance info\n2026-13-01,abc,CNY,A,1,,x\n2026-01-01,1,CNY,A,1,R1,x\n2026-01-01,1,CNY,A,1,R1,x\n'));
    assert.equal(r.errors.length, 2);
    assert.equal(r.errors[0]!.lineNo, 2);
    assert.match(r.errors[0]!.message, /not a date.*not a number.*missing/);
    assert.match(r.errors[1]!.message, /appears twice/);
  });

  test('finds document references in remittance info', () => {
    assert.deepEqual(referencesIn('付款 PO-2026-000001 及 inv-2026-000002, id inv_01JABCDEFGHJKMNPQRSTVWXYZ0'), {
      ids: ['inv_01JABCDEFGHJKMNPQRSTVWXYZ0'],
      numbers: ['PO-2026-000001', 'INV-2026-000002'],
    });
  });
});
