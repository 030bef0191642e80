import { defineProblems } from '../../platform/problem.ts';

export const SettlementProblems = defineProblems({
  /** The supplier already used this VAT invoice number: a VAT invoice is booked once; correct the number. */
  'settlement.invoice_duplicate': {
    status: 409,
    title: { en: 'VAT invoice number already used', 'zh-CN': '发票号码已被使用' },
    detail: { en: 'VAT invoice {vatInvoiceNumber} is already on invoice {invoiceId}.', 'zh-CN': '发票号码 {vatInvoiceNumber} 已用于发票 {invoiceId}。' },
  },
  /** The order is not in a state that can be invoiced (no goods accepted yet, cancelled, settled). */
  'settlement.order_not_invoiceable': {
    status: 409,
    title: { en: 'This order cannot be invoiced now', 'zh-CN': '该订单当前不能开票' },
    detail: { en: 'Order {orderId} is {status}; invoices follow accepted goods.', 'zh-CN': '订单 {orderId} 当前为“{status}”，须在验收后开票。' },
  },
  /** Nothing accepted is left to invoice on the order (or on the lines given). */
  'settlement.nothing_to_invoice': {
    status: 422,
    title: { en: 'Nothing left to invoice', 'zh-CN': '没有可开票的数量' },
    detail: { en: 'Order {orderId} has no accepted quantity that is not invoiced yet.', 'zh-CN': '订单 {orderId} 没有已验收且未开票的数量。' },
  },
  /** An invoice line names a line of another order, or the same line twice: fix the line list. */
  'settlement.invoice_line_invalid': {
    status: 422,
    title: { en: 'Invoice line does not match the order', 'zh-CN': '发票行与订单不符' },
    detail: { en: 'Line {orderLineId}: {reason}.', 'zh-CN': '订单行 {orderLineId}：{reason}。' },
  },
  /** A line invoices more than was ordered less what is already invoiced: it can never be matched. */
  'settlement.quantity_exceeds_order': {
    status: 422,
    title: { en: 'Invoiced quantity exceeds the order', 'zh-CN': '开票数量超过订单数量' },
    detail: { en: 'Line {orderLineId}: {requested} requested, {remaining} left to invoice.', 'zh-CN': '订单行 {orderLineId}：请求 {requested}，可开票余量 {remaining}。' },
  },
  /** An exception with quantities beyond what was accepted cannot be approved: reject it, or wait for acceptance. */
  'settlement.quantity_not_accepted': {
    status: 422,
    title: { en: 'Quantity not accepted yet', 'zh-CN': '数量尚未验收' },
    detail: {
      en: 'Line {orderLineId}: {requested} invoiced but only {available} accepted and not invoiced. Reject the invoice or wait for acceptance.',
      'zh-CN': '订单行 {orderLineId}：开票 {requested}，已验收未开票仅 {available}。请驳回发票或等待验收。',
    },
  },
  /** The bank reference was already booked for this buyer: the transfer is on payment {paymentId}. */
  'settlement.payment_duplicate': {
    status: 409,
    title: { en: 'Payment already recorded', 'zh-CN': '付款已登记' },
    detail: { en: 'Bank reference {bankReference} is already booked as payment {paymentId}.', 'zh-CN': '银行流水号 {bankReference} 已登记为付款 {paymentId}。' },
  },
  /** The payment is more than what is still due on the order or invoice: record the right amount. */
  'settlement.payment_exceeds_due': {
    status: 422,
    title: { en: 'Payment exceeds the amount due', 'zh-CN': '付款金额超过应付金额' },
    detail: { en: 'Paying {amount} {currency}; {due} is due.', 'zh-CN': '付款 {amount} {currency}，应付 {due}。' },
  },
  /** The order or invoice does not take this kind of payment now (cancelled, settled, other terms). */
  'settlement.not_payable': {
    status: 409,
    title: { en: 'This cannot be paid now', 'zh-CN': '当前不能付款' },
    detail: { en: '{resource} {id} is {state}: {reason}.', 'zh-CN': '{resource} {id} 当前为“{state}”：{reason}。' },
  },
  /** The payout is more than the supplier's available payable balance. */
  'settlement.payout_exceeds_payable': {
    status: 422,
    title: { en: 'Payout exceeds what is owed', 'zh-CN': '付款超过应付余额' },
    detail: { en: 'Paying out {amount} {currency}; {available} is payable.', 'zh-CN': '拟付 {amount} {currency}，可付余额 {available}。' },
  },
  /** The bank statement file could not be read: fix the lines named in `errors` and import again. */
  'settlement.statement_invalid': {
    status: 422,
    title: { en: 'Bank statement could not be read', 'zh-CN': '银行对账单无法解析' },
    detail: { en: '{count} line(s) could not be read; nothing was imported.', 'zh-CN': '有 {count} 行无法解析，未导入任何内容。' },
  },
  /** The statement line is already matched (or was a duplicate): only unmatched lines can be matched by hand. */
  'settlement.statement_line_not_open': {
    status: 409,
    title: { en: 'Statement line is not open', 'zh-CN': '对账单行不可匹配' },
    detail: { en: 'Line {lineId} is {status}.', 'zh-CN': '对账单行 {lineId} 当前为“{status}”。' },
  },
  /** A commission rule's bounds are inconsistent (min above max). */
  'settlement.commission_rule_invalid': {
    status: 422,
    title: { en: 'Commission rule is not valid', 'zh-CN': '佣金规则无效' },
    detail: { en: '{reason}', 'zh-CN': '{reason}' },
  },
});
