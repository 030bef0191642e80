import { SwapOutlined } from '@ant-design/icons';
import { Card, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { BASE, label, TASK_COLORS, type InboxItem } from './api.ts';
import { DecisionButtons } from './decision.tsx';
import { m } from './messages.ts';
import { StatusTag } from './parts.tsx';

/** The approval inbox: my pending tasks (approve or reject with a comment), and those I decided. */
export default function InboxPage() {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState<'pending' | 'decided'>('pending');
  const list = useCursorList((cursor, signal) => api.get('/procurement/approvals/inbox', { query: { cursor, limit: 50, status }, signal }), [status]);

  return (
    <div className="page">
      <PageHeader title={t(m.inboxTitle)} subtitle={t(m.inboxSubtitle)} />
      <Card size="small">
        <div className="filter-bar">
          <Segmented
            value={status}
            onChange={(v) => setStatus(v as 'pending' | 'decided')}
            options={[
              { value: 'pending', label: <span data-testid="inbox-pending">{t(m.pending)}</span> },
              { value: 'decided', label: <span data-testid="inbox-decided">{t(m.decided)}</span> },
            ]}
          />
        </div>
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<InboxItem>
              size="middle"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              locale={{ emptyText: t(m.inboxEmpty) }}
              data-testid="inbox-table"
              columns={[
                {
                  title: t(m.document),
                  key: 'document',
                  render: (_, task) =>
                    task.document ? (
                      <div>
                        <Link to={`${BASE}/requisitions/${task.document.id}`}>
                          <Typography.Text strong>{task.document.title}</Typography.Text>
                        </Link>
                        <div className="cell-sub">
                          <span className="mono">{task.document.number}</span> · {task.document.requesterName ?? '—'}
                        </div>
                      </div>
                    ) : (
                      <span className="mono">{task.documentId}</span>
                    ),
                },
                { title: t(m.total), key: 'amount', width: 160, align: 'right', render: (_, task) => (task.document ? formatMoney(task.document.amount, task.document.currency, lang) : '—') },
                {
                  title: t(m.levelColumn),
                  key: 'step',
                  width: 160,
                  render: (_, task) => (
                    <div>
                      {t(m.level, { n: task.step })}
                      <div className="cell-sub">{t(label('mode_', task.mode))}</div>
                      {task.delegatedFromId ? (
                        <Tag icon={<SwapOutlined />} style={{ marginTop: 4 }}>
                          {t(m.delegatedFrom, { name: task.delegatedFromName ?? '' })}
                        </Tag>
                      ) : null}
                    </div>
                  ),
                },
                {
                  title: t(m.received),
                  key: 'received',
                  width: 170,
                  render: (_, task) => (
                    <div>
                      {formatDateTime(task.createdAt)}
                      {status === 'pending' && task.dueAt ? <div className="cell-sub">{t(m.due, { time: formatDateTime(task.dueAt) })}</div> : null}
                    </div>
                  ),
                },
                status === 'pending'
                  ? {
                      title: t(common.actions),
                      key: 'actions',
                      width: 200,
                      render: (_, task) => <DecisionButtons size="small" taskId={task.id} onDecided={() => list.reload()} />,
                    }
                  : {
                      title: t(m.decision),
                      key: 'decision',
                      width: 260,
                      render: (_, task) => (
                        <div>
                          <Tag color={TASK_COLORS[task.status]}>{t(label('taskStatus_', task.status))}</Tag>
                          {task.document ? <StatusTag status={task.document.status} /> : null}
                          {task.comment ? <div className="cell-sub">“{task.comment}”</div> : null}
                        </div>
                      ),
                    },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
    </div>
  );
}
