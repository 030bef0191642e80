import { defineProblems } from '../../platform/problem.ts';

export const LedgerProblems = defineProblems({
  /** A journal entry whose postings do not balance: a programming error surfaced as 422, nothing posted. */
  'ledger.unbalanced': {
    status: 422,
    title: { en: 'Journal entry does not balance', 'zh-CN': '会计分录借贷不平' },
    detail: { en: 'Debits {debits} and credits {credits} differ in {currency}.', 'zh-CN': '{currency} 借方 {debits} 与贷方 {credits} 不相等。' },
  },
  /** The account lacks the available balance for a hold or a debit that must not overdraw. */
  'ledger.insufficient_funds': {
    status: 422,
    title: { en: 'Insufficient available balance', 'zh-CN': '可用余额不足' },
    detail: { en: 'Needs {amount} {currency}; {available} available.', 'zh-CN': '需要 {amount} {currency}，可用 {available}。' },
  },
  /** A hold was already posted, voided or expired. */
  'ledger.hold_settled': {
    status: 409,
    title: { en: 'Hold already settled', 'zh-CN': '冻结已处理' },
    detail: { en: 'Hold {holdId} is {status}.', 'zh-CN': '冻结 {holdId} 状态为 {status}。' },
  },
});
