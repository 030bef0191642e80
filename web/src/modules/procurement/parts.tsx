import { ClockCircleOutlined, SwapOutlined } from '@ant-design/icons';
import { Progress, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { label, percent, STATUS_COLORS, sum, TASK_COLORS, type Task } from './api.ts';
import { m } from './messages.ts';

const DOT = { display: 'inline-block', width: 8, height: 8, borderRadius: 2, marginRight: 2 } as const;

export function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid={`status-${status}`}>
      {t(label('status_', status))}
    </Tag>
  );
}

/**
 * A budget line's use as one bar: spent (dark), committed (light) and what is left, with the
 * figures beside it. Amounts stay decimal strings; the bar widths are for the eye only.
 */
export function BudgetBar({ amount, committed, spent, remaining, currency = 'CNY', compact = false }: { amount: string; committed: string; spent: string; remaining: string; currency?: string; compact?: boolean }) {
  const { t, lang } = useI18n();
  const used = sum([committed, spent]);
  const bar = (
    <Progress
      percent={percent(used, amount)}
      success={{ percent: percent(spent, amount), strokeColor: '#1d39c4' }}
      strokeColor="#85a5ff"
      showInfo={false}
      size="small"
    />
  );
  if (compact) {
    return (
      <Tooltip title={`${t(m.spent)} ${formatMoney(spent, currency, lang)} · ${t(m.committed)} ${formatMoney(committed, currency, lang)} · ${t(m.remaining)} ${formatMoney(remaining, currency, lang)}`}>
        <div style={{ minWidth: 160 }}>{bar}</div>
      </Tooltip>
    );
  }
  return (
    <div style={{ minWidth: 220 }}>
      {bar}
      <Space size={12} wrap style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
        <span>
          <span style={{ ...DOT, background: '#1d39c4' }} /> {t(m.spent)} {formatMoney(spent, currency, lang)}
        </span>
        <span>
          <span style={{ ...DOT, background: '#85a5ff' }} /> {t(m.committed)} {formatMoney(committed, currency, lang)}
        </span>
        <span>
          {t(m.remaining)} <Typography.Text strong>{formatMoney(remaining, currency, lang)}</Typography.Text>
        </span>
      </Space>
    </div>
  );
}

/** The approval route of a document: every level's tasks, their decisions and comments. */
export function ApprovalRoute({ tasks }: { tasks: Task[] }) {
  const { t } = useI18n();
  if (!tasks.length) return <Typography.Text type="secondary">{t(m.noApproval)}</Typography.Text>;
  const steps = [...new Set(tasks.map((task) => task.step))].sort((a, b) => a - b);
  return (
    <Timeline
      data-testid="approval-route"
      items={steps.flatMap((step) => {
        const ofStep = tasks.filter((task) => task.step === step);
        return ofStep.map((task, i) => ({
          color: task.status === 'approved' ? 'green' : task.status === 'rejected' ? 'red' : task.status === 'pending' ? 'blue' : 'gray',
          content: (
            <div>
              {i === 0 ? (
                <div>
                  <Typography.Text strong>{t(m.level, { n: step })}</Typography.Text>{' '}
                  <Typography.Text type="secondary">{t(label('mode_', task.mode))}</Typography.Text>
                </div>
              ) : null}
              <Space size={8} wrap>
                <span>{task.assigneeName ?? task.assigneeId}</span>
                {task.delegatedFromId ? (
                  <Tag icon={<SwapOutlined />}>{t(m.delegatedFrom, { name: task.delegatedFromName ?? task.delegatedFromId })}</Tag>
                ) : null}
                <Tag color={TASK_COLORS[task.status]}>{t(label('taskStatus_', task.status))}</Tag>
                {task.decidedAt && (task.status === 'approved' || task.status === 'rejected') ? <span className="cell-sub">{formatDateTime(task.decidedAt)}</span> : null}
                {task.status === 'pending' && task.dueAt ? (
                  <span className="cell-sub">
                    <ClockCircleOutlined /> {t(m.due, { time: formatDateTime(task.dueAt) })}
                    {task.remindedAt ? ` · ${t(m.reminded)}` : ''}
                  </span>
                ) : null}
              </Space>
              {task.comment ? <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>“{task.comment}”</Typography.Paragraph> : null}
            </div>
          ),
        }));
      })}
    />
  );
}
