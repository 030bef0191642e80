import { defineProblems } from '../../platform/problem.ts';

/** Problem types of the sourcing module. Each line: when it is thrown, what the client should do. */
export const SourcingProblems = defineProblems({
  /** A quote, bid, registration or deposit after its deadline (server clock): nothing more can be sent. */
  'sourcing.deadline_passed': {
    status: 409,
    title: { en: 'The deadline has passed', 'zh-CN': '已过截止时间' },
    detail: { en: 'The {what} deadline of {number} was {deadline} (server time).', 'zh-CN': '{number} 的{whatZh}截止时间为 {deadline}（以服务器时间为准）。' },
  },
  /** The buyer asked for quotes before the RFQ deadline: wait until the deadline. */
  'sourcing.quotes_sealed': {
    status: 409,
    title: { en: 'Quotes are not visible yet', 'zh-CN': '报价尚不可见' },
    detail: { en: 'Quotes of {number} can be read after the deadline {deadline}.', 'zh-CN': '{number} 的报价将在截止时间 {deadline} 后可见。' },
  },
  /** A tender action that needs the opening first (bids, scores, results): wait for the bid opening. */
  'sourcing.bids_sealed': {
    status: 409,
    title: { en: 'Bids are still sealed', 'zh-CN': '投标文件尚未开启' },
    detail: { en: 'Bids of {number} are opened at the bid opening ({openingAt}).', 'zh-CN': '{number} 的投标文件将在开标（{openingAt}）时开启。' },
  },
  /** A supplier action on a tender it has not registered for: register first. */
  'sourcing.not_registered': {
    status: 403,
    title: { en: 'Not registered for this tender', 'zh-CN': '尚未报名该招标项目' },
    detail: { en: 'Register for {number} before you {action}.', 'zh-CN': '请先报名 {number}，再{actionZh}。' },
  },
  /** The supplier's registration is pending or was rejected: only qualified suppliers may bid. */
  'sourcing.not_qualified': {
    status: 403,
    title: { en: 'Not qualified for this tender', 'zh-CN': '未通过资格审查' },
    detail: { en: 'Your registration for {number} is {status}; only qualified suppliers may {action}.', 'zh-CN': '贵单位对 {number} 的报名状态为“{statusZh}”，只有资格审查合格的供应商才能{actionZh}。' },
  },
  /** The tender requires a bid deposit that this supplier has not paid: pay it first. */
  'sourcing.deposit_required': {
    status: 403,
    title: { en: 'Bid deposit required', 'zh-CN': '需缴纳投标保证金' },
    detail: { en: '{number} requires a bid deposit of {amount} {currency} before bidding.', 'zh-CN': '{number} 需先缴纳投标保证金 {amount} {currency} 方可投标。' },
  },
  /** The amount paid differs from the tender's deposit: pay exactly `amount`. */
  'sourcing.deposit_amount': {
    status: 422,
    title: { en: 'Wrong deposit amount', 'zh-CN': '保证金金额不符' },
    detail: { en: 'The deposit of {number} is {amount} {currency}.', 'zh-CN': '{number} 的投标保证金为 {amount} {currency}。' },
  },
  /** The tender takes no deposit, or this supplier already paid it. */
  'sourcing.deposit_not_due': {
    status: 409,
    title: { en: 'No deposit is due', 'zh-CN': '无需缴纳保证金' },
    detail: { en: '{reason}', 'zh-CN': '{reasonZh}' },
  },
  /** The supplier registered already. */
  'sourcing.already_registered': {
    status: 409,
    title: { en: 'Already registered', 'zh-CN': '已报名' },
    detail: { en: 'Your organisation is registered for {number} ({status}).', 'zh-CN': '贵单位已报名 {number}（{statusZh}）。' },
  },
  /** Dates out of order or in the past: fix the schedule (field named in errors). */
  'sourcing.schedule_invalid': {
    status: 422,
    title: { en: 'The schedule is not valid', 'zh-CN': '时间安排无效' },
    detail: { en: '{reason}', 'zh-CN': '{reasonZh}' },
  },
  /** A quote or bid names a line that is not in the event, misses one, or offers an alternative where none is allowed. */
  'sourcing.lines_invalid': {
    status: 422,
    title: { en: 'The lines do not match the event', 'zh-CN': '明细行与项目不符' },
    detail: { en: '{reason}', 'zh-CN': '{reasonZh}' },
  },
  /** The organisation acts on its own RFQ or tender as a supplier: not allowed. */
  'sourcing.own_event': {
    status: 422,
    title: { en: 'You cannot respond to your own event', 'zh-CN': '不能响应本单位发起的项目' },
    detail: { en: '{number} was issued by your organisation.', 'zh-CN': '{number} 由贵单位发起。' },
  },
  /** A chosen supplier is not an active supplier organisation: pick another. */
  'sourcing.supplier_ineligible': {
    status: 422,
    title: { en: 'Supplier cannot take part', 'zh-CN': '供应商不符合参与条件' },
    detail: { en: 'Organisation {orgId} is not an active supplier.', 'zh-CN': '单位 {orgId} 不是正常状态的供应商。' },
  },
  /** The action belongs to the other side of the event (e.g. a supplier awarding). */
  'sourcing.wrong_party': {
    status: 403,
    title: { en: 'Not your side of the event', 'zh-CN': '无权以该身份操作' },
    detail: { en: 'Only the {party} of {number} can {action}.', 'zh-CN': '只有 {number} 的{partyZh}可以{actionZh}。' },
  },
  /** The user is not a designated opener or evaluator of this tender. */
  'sourcing.not_designated': {
    status: 403,
    title: { en: 'Not designated for this tender', 'zh-CN': '未被指定参与该环节' },
    detail: { en: 'You are not a designated {role} of {number}.', 'zh-CN': '您不是 {number} 指定的{roleZh}。' },
  },
  /** Publication needs every designated opener to have accepted (set their opening passphrase). */
  'sourcing.openers_not_ready': {
    status: 409,
    title: { en: 'Openers have not all accepted', 'zh-CN': '开标人尚未全部确认' },
    detail: { en: '{pending} of the designated openers of {number} have not accepted yet.', 'zh-CN': '{number} 还有 {pending} 位指定开标人未确认。' },
  },
  /** An opening confirmation outside the opening window: confirm between `from` and `to`. */
  'sourcing.opening_window': {
    status: 409,
    title: { en: 'Outside the opening window', 'zh-CN': '不在开标时间窗口内' },
    detail: { en: 'Opening confirmations for {number} are accepted from {from} to {to} (server time).', 'zh-CN': '{number} 的开标确认时间为 {from} 至 {to}（以服务器时间为准）。' },
  },
  /** The opening passphrase is wrong; after 5 failures the opener is locked for this tender. */
  'sourcing.passphrase_wrong': {
    status: 422,
    title: { en: 'Wrong opening passphrase', 'zh-CN': '开标口令错误' },
    detail: { en: 'The passphrase does not unlock your opening key; {remaining} attempt(s) left.', 'zh-CN': '口令无法解开您的开标密钥；还可尝试 {remaining} 次。' },
  },
  /** Too many wrong passphrases: the other openers must reach the quorum. */
  'sourcing.opener_locked': {
    status: 423,
    title: { en: 'Opening key locked', 'zh-CN': '开标密钥已锁定' },
    detail: { en: 'Too many wrong passphrases for {number}; the other openers must confirm.', 'zh-CN': '{number} 的开标口令错误次数过多；请由其他开标人确认。' },
  },
  /** An evaluator must declare (no) conflict of interest before seeing bids or scoring. */
  'sourcing.declaration_required': {
    status: 409,
    title: { en: 'Declare conflicts of interest first', 'zh-CN': '请先作出利益冲突声明' },
    detail: { en: 'Declare whether you have a conflict of interest in {number} before evaluating.', 'zh-CN': '评审 {number} 前请先声明是否存在利益冲突。' },
  },
  /** The evaluator declared a conflict of interest and is recused. */
  'sourcing.evaluator_recused': {
    status: 403,
    title: { en: 'Recused for a conflict of interest', 'zh-CN': '因利益冲突回避' },
    detail: { en: 'You declared a conflict of interest in {number} and cannot evaluate it.', 'zh-CN': '您已声明与 {number} 存在利益冲突，不能参与评审。' },
  },
  /** Submitting scores needs a score for every opened bid. */
  'sourcing.scores_incomplete': {
    status: 422,
    title: { en: 'Scores are incomplete', 'zh-CN': '评分不完整' },
    detail: { en: '{missing} bid(s) of {number} have no score from you yet.', 'zh-CN': '您尚有 {missing} 份 {number} 的投标未评分。' },
  },
  /** Scores were submitted already and cannot change. */
  'sourcing.scores_submitted': {
    status: 409,
    title: { en: 'Scores already submitted', 'zh-CN': '评分已提交' },
    detail: { en: 'Your scores for {number} were submitted and are final.', 'zh-CN': '您对 {number} 的评分已提交，不可修改。' },
  },
  /** The award names a bid that is not a ranked candidate. */
  'sourcing.not_a_candidate': {
    status: 422,
    title: { en: 'Not a candidate', 'zh-CN': '不是中标候选人' },
    detail: { en: 'Bid {bidId} is not a ranked candidate of {number}.', 'zh-CN': '投标 {bidId} 不是 {number} 的中标候选人。' },
  },
  /** The RFQ award names quotes that cannot be awarded (withdrawn, expired, not for that line). */
  'sourcing.award_invalid': {
    status: 422,
    title: { en: 'The award is not valid', 'zh-CN': '授标无效' },
    detail: { en: '{reason}', 'zh-CN': '{reasonZh}' },
  },
  /** The bid needs no reconfirmation (no material amendment since it was last confirmed). */
  'sourcing.reconfirmation_not_needed': {
    status: 409,
    title: { en: 'Nothing to reconfirm', 'zh-CN': '无需重新确认' },
    detail: { en: 'Your bid for {number} is confirmed against the current documents.', 'zh-CN': '您对 {number} 的投标已针对当前招标文件确认。' },
  },
  /** An attachment that is not base64 or is too large. */
  'sourcing.attachment_invalid': {
    status: 422,
    title: { en: 'Attachment not accepted', 'zh-CN': '附件无效' },
    detail: { en: '{reason}', 'zh-CN': '{reasonZh}' },
  },
});
