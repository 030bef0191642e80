import { defineProblems } from '../../platform/problem.ts';

export const ProcurementProblems = defineProblems({
  /** Committing would take a budget line past its amount: nothing is committed; lower the amount or raise the budget. */
  'procurement.budget_exceeded': {
    status: 422,
    title: { en: 'Budget line would be overspent', 'zh-CN': '预算额度不足' },
    detail: {
      en: 'Budget line {budgetLine} has {remaining} {currency} remaining; {requested} {currency} requested.',
      'zh-CN': '预算行 {budgetLine} 剩余 {remaining} {currency}，本次需要 {requested} {currency}。',
    },
  },
  /** The budget line does not fund this document (category, period, currency): choose another line. */
  'procurement.budget_line_mismatch': {
    status: 422,
    title: { en: 'Budget line does not fund this', 'zh-CN': '预算行不适用' },
    detail: { en: 'Budget line {budgetLine}: {reason}', 'zh-CN': '预算行 {budgetLine}：{reasonZh}' },
  },
  /** The budget line's plan is closed: no new commitments; use a line of an active plan. */
  'procurement.plan_closed': {
    status: 422,
    title: { en: 'Procurement plan is closed', 'zh-CN': '采购计划已关闭' },
    detail: { en: 'Plan {planId} is closed; its budget lines take no new commitments.', 'zh-CN': '采购计划 {planId} 已关闭，其预算行不再接受新的占用。' },
  },
  /** A budget line's amount cannot go below what is already committed and spent. */
  'procurement.budget_below_used': {
    status: 422,
    title: { en: 'Budget amount below what is used', 'zh-CN': '预算金额低于已使用金额' },
    detail: { en: 'Budget line {budgetLine} has {used} committed or spent; {amount} is too low.', 'zh-CN': '预算行 {budgetLine} 已占用及支出 {used}，金额 {amount} 过低。' },
  },
  /** The budget line code is taken in this organisation. */
  'procurement.budget_code_taken': {
    status: 409,
    title: { en: 'Budget line code already used', 'zh-CN': '预算行编码已存在' },
    detail: { en: 'Budget line code {code} already exists.', 'zh-CN': '预算行编码 {code} 已存在。' },
  },
  /** A transfer or spend names a reference that has nothing committed on any budget line. */
  'procurement.nothing_committed': {
    status: 409,
    title: { en: 'Nothing committed for this reference', 'zh-CN': '该单据没有预算占用' },
    detail: { en: '{referenceType} {referenceId} has no budget committed.', 'zh-CN': '{referenceType} {referenceId} 没有占用预算。' },
  },
  /** The requester tried to decide an approval of their own document (segregation of duties). */
  'procurement.self_approval': {
    status: 403,
    title: { en: 'You cannot approve your own request', 'zh-CN': '不能审批自己提交的申请' },
    detail: { en: '{documentType} {documentId} was requested by you; another approver must decide.', 'zh-CN': '{documentId} 由您提交，须由其他审批人处理。' },
  },
  /** The task is assigned to someone else (or their delegate): only the assignee decides it. */
  'procurement.not_assignee': {
    status: 403,
    title: { en: 'This approval task is not yours', 'zh-CN': '该审批任务未分配给您' },
    detail: { en: 'Task {taskId} is assigned to another approver.', 'zh-CN': '审批任务 {taskId} 已分配给其他审批人。' },
  },
  /** The task was already decided, skipped or is not active yet: reload the inbox. */
  'procurement.task_not_pending': {
    status: 409,
    title: { en: 'Approval task is not waiting for a decision', 'zh-CN': '审批任务不在待办状态' },
    detail: { en: 'Task {taskId} is {status}.', 'zh-CN': '审批任务 {taskId} 当前为“{status}”。' },
  },
  /** A matched approval step has nobody who may approve (the requester excluded): fix the rule or the roles. */
  'procurement.no_eligible_approver': {
    status: 422,
    title: { en: 'No one can approve this', 'zh-CN': '没有可审批的人员' },
    detail: {
      en: 'Step {step} of rule "{rule}" needs one of the roles {roles}, and no user other than the requester holds them.',
      'zh-CN': '规则“{rule}”的第 {step} 级需要角色 {roles}，除申请人外没有用户具备这些角色。',
    },
  },
  /** Submitting a requisition without lines. */
  'procurement.requisition_empty': {
    status: 422,
    title: { en: 'Requisition has no lines', 'zh-CN': '需求单没有明细行' },
    detail: { en: 'Add at least one line before submitting.', 'zh-CN': '请至少添加一行明细后再提交。' },
  },
  /** Only the requester (or an organisation admin) may do this to a requisition. */
  'procurement.not_requester': {
    status: 403,
    title: { en: 'Only the requester can do this', 'zh-CN': '只有申请人可以执行此操作' },
    detail: { en: 'Requisition {number} belongs to another requester.', 'zh-CN': '需求单 {number} 属于其他申请人。' },
  },
  /** Ordering more of a requisition line than is left to order. */
  'procurement.order_quantity_exceeded': {
    status: 409,
    title: { en: 'More than the requisition has left', 'zh-CN': '超过需求单剩余数量' },
    detail: { en: 'Line {lineNo} has {remaining} left to order; {requested} requested.', 'zh-CN': '第 {lineNo} 行剩余可下单 {remaining}，本次 {requested}。' },
  },
  /** Procurement is for buyer organisations: a supplier-only or partner organisation has no plans or requisitions. */
  'procurement.buyers_only': {
    status: 403,
    title: { en: 'For buyer organisations only', 'zh-CN': '仅限采购方企业' },
    detail: { en: 'Procurement plans, requisitions and approvals belong to buyer organisations.', 'zh-CN': '采购计划、需求与审批仅适用于采购方企业。' },
  },
});
