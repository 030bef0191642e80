/** What other modules may use of auctions: functions and types only. */
export { PERM as AUCTION_PERMISSIONS } from './permissions.ts';
export { LOT_STATUSES, LOT_TRANSITIONS, type LotStatus } from './lot.state.ts';
export { PRESALE_STATUSES, PRESALE_ORDER_STATUSES } from './presale.state.ts';
export { verifyBidChain } from './chain.ts';
