import { defineProblems } from '../../platform/problem.ts';

/** Problem types of the orders module. Each line: when it is thrown, what the client should do. */
export const OrderProblems = defineProblems({
  /** Checkout with an empty cart (or none of the chosen SKUs in it): add items first. */
  'orders.cart_empty': {
    status: 422,
    title: { en: 'The cart is empty', 'zh-CN': '购物车为空' },
    detail: { en: 'There is nothing in the cart to order.', 'zh-CN': '购物车中没有可下单的商品。' },
  },
  /** A quantity below the SKU's minimum order quantity or off its increment: fix the quantity. */
  'orders.quantity_not_orderable': {
    status: 422,
    title: { en: 'Quantity cannot be ordered', 'zh-CN': '订购数量不符合要求' },
    detail: {
      en: 'SKU {skuId} is sold from {moq} in steps of {increment}; {quantity} was asked.',
      'zh-CN': 'SKU {skuId} 起订量 {moq}，递增量 {increment}；当前数量 {quantity}。',
    },
  },
  /** createOrder lines belong to more than one supplier: split them (checkout does). */
  'orders.mixed_suppliers': {
    status: 422,
    title: { en: 'An order has exactly one supplier', 'zh-CN': '一张订单只能对应一个供应商' },
    detail: { en: 'SKU {skuId} belongs to another supplier than the order.', 'zh-CN': 'SKU {skuId} 不属于本订单的供应商。' },
  },
  /** Credit terms need a number of days; escrow takes none: fix the payment terms. */
  'orders.payment_terms_invalid': {
    status: 422,
    title: { en: 'Payment terms are not valid', 'zh-CN': '付款条件无效' },
    detail: { en: '{reason}', 'zh-CN': '{reason}' },
  },
  /** The actor's organisation is a party to the order, but not the one that may do this. */
  'orders.wrong_party': {
    status: 403,
    title: { en: 'Not your side of the order', 'zh-CN': '无权以该身份操作此订单' },
    detail: { en: 'Only the {party} of order {number} can {action}.', 'zh-CN': '只有订单 {number} 的{partyZh}可以执行“{action}”。' },
  },
  /** The stock reserved for the order has expired: the order is (being) cancelled; the buyer must order again. */
  'orders.reservation_expired': {
    status: 409,
    title: { en: 'The stock reservation has expired', 'zh-CN': '库存预留已过期' },
    detail: {
      en: 'The stock held for order {number} expired; the order can no longer be confirmed.',
      'zh-CN': '订单 {number} 的库存预留已过期，无法再确认。',
    },
  },
  /** A line id that is not a line of this order. */
  'orders.line_not_in_order': {
    status: 422,
    title: { en: 'Line is not part of the order', 'zh-CN': '订单中没有该明细行' },
    detail: { en: 'Line {orderLineId} is not a line of order {number}.', 'zh-CN': '明细行 {orderLineId} 不属于订单 {number}。' },
  },
  /** More than the line still allows (shipping, receiving, returning): lower the quantity to at most `remaining`. */
  'orders.quantity_exceeded': {
    status: 422,
    title: { en: 'Quantity exceeds what is left', 'zh-CN': '数量超出剩余可操作数量' },
    detail: {
      en: 'Line {lineNo} allows at most {remaining} more to {action}; {requested} requested.',
      'zh-CN': '第 {lineNo} 行最多还可{actionZh} {remaining}，本次 {requested}。',
    },
  },
  /** Accepted plus rejected must equal received on every receipt line. */
  'orders.inspection_mismatch': {
    status: 422,
    title: { en: 'Inspection quantities do not add up', 'zh-CN': '质检数量不一致' },
    detail: {
      en: 'Line {lineNo}: accepted {accepted} + rejected {rejected} must equal received {received}.',
      'zh-CN': '第 {lineNo} 行：合格 {accepted} + 不合格 {rejected} 应等于到货 {received}。',
    },
  },
  /** Signing above the amount threshold needs a current MFA code: send `mfaCode`. */
  'orders.contract_mfa_required': {
    status: 403,
    title: { en: 'MFA code required to sign', 'zh-CN': '签署需要动态验证码' },
    detail: {
      en: 'Contracts of {threshold} CNY or more need your authenticator code to sign.',
      'zh-CN': '金额达到 {threshold} 元的合同需输入身份验证器动态码后签署。',
    },
  },
  /** Contracts are signed by people: an API key cannot sign. */
  'orders.contract_user_required': {
    status: 403,
    title: { en: 'A user must sign', 'zh-CN': '须由用户本人签署' },
    detail: { en: 'Contracts are signed by a signed-in user, not an API key.', 'zh-CN': '合同须由登录用户签署，不能使用 API 密钥。' },
  },
  /** This party already signed the contract. */
  'orders.contract_already_signed': {
    status: 409,
    title: { en: 'Already signed', 'zh-CN': '已签署' },
    detail: { en: 'The {party} has already signed contract {number}.', 'zh-CN': '{partyZh}已签署合同 {number}。' },
  },
  /** The buyer has already evaluated this order. */
  'orders.evaluation_exists': {
    status: 409,
    title: { en: 'Already evaluated', 'zh-CN': '已评价' },
    detail: { en: 'Order {number} has already been evaluated.', 'zh-CN': '订单 {number} 已评价。' },
  },
  /** Evaluation is possible only once goods were accepted (partially or fully). */
  'orders.evaluation_not_allowed': {
    status: 409,
    title: { en: 'Not ready for evaluation', 'zh-CN': '暂不能评价' },
    detail: { en: 'Order {number} is {status}; evaluate it after acceptance.', 'zh-CN': '订单 {number} 当前为“{status}”，验收后方可评价。' },
  },
  /** The uploaded inspection report is too large or of a type we do not keep. */
  'orders.report_invalid': {
    status: 422,
    title: { en: 'Inspection report not accepted', 'zh-CN': '质检报告不被接受' },
    detail: { en: '{reason}', 'zh-CN': '{reason}' },
  },
  /** A tracking event for a shipment that is already delivered, or otherwise out of place. */
  'orders.shipment_closed': {
    status: 409,
    title: { en: 'Shipment already delivered', 'zh-CN': '运单已签收' },
    detail: { en: 'Shipment {number} is already delivered.', 'zh-CN': '运单 {number} 已签收。' },
  },
  /** A partner organisation named as carrier is not an active logistics partner. */
  'orders.carrier_invalid': {
    status: 422,
    title: { en: 'Unknown logistics partner', 'zh-CN': '物流合作方无效' },
    detail: { en: 'Organisation {carrierOrgId} is not an active partner.', 'zh-CN': '机构 {carrierOrgId} 不是有效的合作伙伴。' },
  },
  /** A case (return or dispute) is already open on this order. */
  'orders.case_open': {
    status: 409,
    title: { en: 'A case is already open', 'zh-CN': '已有处理中的售后/纠纷' },
    detail: { en: 'Order {number} already has an open {kind}.', 'zh-CN': '订单 {number} 已有进行中的{kindZh}。' },
  },
});
