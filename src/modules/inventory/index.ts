/** What other modules may use of inventory: functions and types only. */
export {
  adjustStock,
  availableBySku,
  consumeReservation,
  createWarehouse,
  expireReservations,
  extendReservations,
  getWarehouse,
  listMovements,
  listWarehouses,
  releaseReservations,
  reservationsFor,
  reserveStock,
  returnToStock,
  stockOf,
  type Reference,
  type ReserveLine,
} from './service.ts';
export type { StockReservation, Warehouse } from './schema.ts';
