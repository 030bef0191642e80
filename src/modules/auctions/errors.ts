import { defineProblems } from '../../platform/problem.ts';

export const AuctionProblems = defineProblems({
  /** The lot has not started yet: wait for `startsAt` (serverTime in the live channel says how long). */
  'auctions.lot_not_started': {
    status: 409,
    title: { en: 'The auction has not started', 'zh-CN': '竞价尚未开始' },
    detail: { en: 'Lot {lotId} opens for bids at {startsAt}.', 'zh-CN': '标的 {lotId} 将于 {startsAt} 开始接受出价。' },
  },
  /** The lot is closed (its end time has passed by the server clock, or it is no longer published): no more bids. */
  'auctions.lot_closed': {
    status: 409,
    title: { en: 'The auction is closed', 'zh-CN': '竞价已结束' },
    detail: { en: 'Lot {lotId} closed at {endsAt}; bids are no longer accepted.', 'zh-CN': '标的 {lotId} 已于 {endsAt} 结束，不再接受出价。' },
  },
  /** The price is outside the lot's range (above the start price of a reverse auction, below that of a forward one): bid within `limit`. */
  'auctions.bid_out_of_range': {
    status: 422,
    title: { en: 'Bid outside the allowed range', 'zh-CN': '出价超出允许范围' },
    detail: { en: 'The bid must be {direction} the start price of {limit} {currency}.', 'zh-CN': '出价必须{directionZh}起始价 {limit} {currency}。' },
  },
  /** The bid does not improve by the minimum step (decrement or increment): bid `limit` or better. */
  'auctions.bid_step': {
    status: 422,
    title: { en: 'Bid does not improve by the minimum step', 'zh-CN': '出价未达到最小降价/加价幅度' },
    detail: { en: 'With the minimum step the bid must be {direction} {limit} {currency}.', 'zh-CN': '按最小幅度，出价必须{directionZh} {limit} {currency}。' },
  },
  /** Another bidder already stands at this price and the lot refuses ties: bid a different price. */
  'auctions.bid_tie': {
    status: 409,
    title: { en: 'Equal bid refused', 'zh-CN': '不接受相同报价' },
    detail: { en: 'Another bidder already bid {price} {currency}; this lot does not accept equal bids.', 'zh-CN': '已有其他竞买人出价 {price} {currency}，本标的不接受相同报价。' },
  },
  /** The caller's organisation may not bid (not approved, no deposit, disqualified, suspended, the owner, wrong party): see `reason`. */
  'auctions.not_eligible': {
    status: 403,
    title: { en: 'Not eligible to bid', 'zh-CN': '不具备出价资格' },
    detail: { en: 'Your organisation cannot bid on lot {lotId}: {reason}.', 'zh-CN': '贵企业不能对标的 {lotId} 出价：{reasonZh}。' },
  },
  /** This lot does not allow proxy bidding. */
  'auctions.proxy_not_allowed': {
    status: 409,
    title: { en: 'Proxy bidding is not enabled', 'zh-CN': '未启用代理出价' },
    detail: { en: 'Lot {lotId} does not allow proxy bids.', 'zh-CN': '标的 {lotId} 不允许代理出价。' },
  },
  /** The lot is still taking bids: it can be closed (and awarded) only after `endsAt` by the server clock. */
  'auctions.lot_running': {
    status: 409,
    title: { en: 'The auction is still running', 'zh-CN': '竞价仍在进行中' },
    detail: { en: 'Lot {lotId} takes bids until {endsAt}.', 'zh-CN': '标的 {lotId} 接受出价至 {endsAt}。' },
  },
  /** Lot settings contradict each other (times, prices, anti-sniping): fix the named field. */
  'auctions.invalid_lot': {
    status: 422,
    title: { en: 'The lot settings are not valid', 'zh-CN': '标的设置无效' },
    detail: { en: '{reason}', 'zh-CN': '{reason}' },
  },
  /** The deposit for this lot is already paid, or none is required. */
  'auctions.deposit_not_due': {
    status: 409,
    title: { en: 'No deposit due', 'zh-CN': '无需缴纳保证金' },
    detail: { en: 'No deposit is due for lot {lotId} ({reason}).', 'zh-CN': '标的 {lotId} 无需缴纳保证金（{reason}）。' },
  },
  /** The bank reference was already booked by this organisation: a transfer is booked once. */
  'auctions.receipt_duplicate': {
    status: 409,
    title: { en: 'Transfer already booked', 'zh-CN': '该笔转账已入账' },
    detail: { en: 'Bank reference {bankReference} is already booked.', 'zh-CN': '银行流水号 {bankReference} 已入账。' },
  },
  /** The amount paid must equal what is due: pay exactly `due`. */
  'auctions.amount_mismatch': {
    status: 422,
    title: { en: 'Amount does not match what is due', 'zh-CN': '金额与应付金额不符' },
    detail: { en: '{due} {currency} is due; {amount} was given.', 'zh-CN': '应付 {due} {currency}，实付 {amount}。' },
  },
  /** The reserve price was not met (or there were no eligible bids): the lot cannot be awarded. */
  'auctions.no_award': {
    status: 409,
    title: { en: 'Nothing to award', 'zh-CN': '无可授标结果' },
    detail: { en: 'Lot {lotId} has no eligible bid that meets the reserve price.', 'zh-CN': '标的 {lotId} 没有满足保留价的有效出价。' },
  },
  /** Forward auction: only the winner pays and collects, and only before `payBy`. */
  'auctions.not_winner': {
    status: 403,
    title: { en: 'Only the winner can do this', 'zh-CN': '仅中标方可以操作' },
    detail: { en: 'Lot {lotId} was won by another organisation.', 'zh-CN': '标的 {lotId} 由其他企业中标。' },
  },
  /** The presale has no quantity left, or the quantity is below its minimum: order less, or at least `minQuantity`. */
  'auctions.presale_quantity': {
    status: 409,
    title: { en: 'Quantity not available', 'zh-CN': '数量不可用' },
    detail: { en: '{available} left, at least {minQuantity} per order; {requested} requested.', 'zh-CN': '剩余 {available}，每单至少 {minQuantity}；请求 {requested}。' },
  },
  /** The presale is not taking deposits now (before its start, after its end, or not open). */
  'auctions.presale_closed': {
    status: 409,
    title: { en: 'Presale not open', 'zh-CN': '预售未开放' },
    detail: { en: 'Presale {presaleId} takes deposits from {startsAt} to {endsAt}.', 'zh-CN': '预售 {presaleId} 的定金缴纳时间为 {startsAt} 至 {endsAt}。' },
  },
});
