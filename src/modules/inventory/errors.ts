import { defineProblems } from '../../platform/problem.ts';

export const InventoryProblems = defineProblems({
  /** Not enough unreserved stock for a line: reduce the quantity or choose another supplier. */
  'inventory.insufficient_stock': {
    status: 409,
    title: { en: 'Not enough stock', 'zh-CN': '库存不足' },
    detail: { en: 'Only {available} of SKU {skuId} can be reserved; {requested} requested.', 'zh-CN': 'SKU {skuId} 仅可预留 {available}，请求 {requested}。' },
  },
  /** An adjustment would take on-hand stock below what is reserved or below zero. */
  'inventory.adjustment_below_reserved': {
    status: 422,
    title: { en: 'Stock cannot go below what is reserved', 'zh-CN': '库存不能低于已预留数量' },
    detail: { en: 'On hand would be {onHand} with {reserved} reserved.', 'zh-CN': '调整后在库 {onHand}，已预留 {reserved}。' },
  },
  /** A shipment tries to take more than the reservation still holds. */
  'inventory.reservation_exceeded': {
    status: 409,
    title: { en: 'More than reserved', 'zh-CN': '超出预留数量' },
    detail: { en: 'Reservation {reservationId} has {remaining} left; {requested} requested.', 'zh-CN': '预留 {reservationId} 剩余 {remaining}，请求 {requested}。' },
  },
  /** The warehouse code is taken in this organisation. */
  'inventory.warehouse_code_taken': {
    status: 409,
    title: { en: 'Warehouse code already used', 'zh-CN': '仓库编码已存在' },
    detail: { en: 'Warehouse code {code} already exists.', 'zh-CN': '仓库编码 {code} 已存在。' },
  },
});
