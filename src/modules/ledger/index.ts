/** What other modules may use of the ledger: functions and types only. */
export { ACCOUNT_PURPOSES, PLATFORM_OWNER, type AccountPurpose } from './accounts.ts';
export {
  accountStatement,
  balanceOf,
  balancesOf,
  createHold,
  ensureAccount,
  entriesFor,
  expireHolds,
  holdsFor,
  postEntry,
  postHold,
  reverseEntry,
  trialBalance,
  voidHold,
  type AccountRef,
  type Balance,
  type EntryInput,
  type PostingInput,
} from './service.ts';
