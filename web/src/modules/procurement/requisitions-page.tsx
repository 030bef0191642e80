import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Segmented, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDate, formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useSession } from '../../platform/session.tsx';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { BASE, label, type RequisitionRow } from './api.ts';
import { m } from './messages.ts';
import { StatusTag } from './parts.tsx';

const STATUSES = ['draft', 'pending_approval', 'approved', 'rejected', 'partially_ordered', 'ordered', 'cancelled'];

/** My requisitions (or all of the organisation's), newest first, by status and text. */
export default function RequisitionsPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const creator = can('procurement.requisitions.create');
  const [scope, setScope] = useState<'mine' | 'all'>(creator ? 'mine' : 'all');
  const [status, setStatus] = useState<string[]>([]);
  const [q, setQ] = useState('');
  const list = useCursorList(
    (cursor, signal) => api.get('/procurement/requisitions', { query: { cursor, limit: 50, mine: scope === 'mine' || undefined, status: status.join(',') || undefined, q: q || undefined }, signal }),
    [scope, status.join(','), q],
  );

  return (
    <div className="page">
      <PageHeader
        title={t(m.requisitionsTitle)}
        subtitle={t(m.requisitionsSubtitle)}
        extra={
          creator ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`${BASE}/requisitions/new`)} data-testid="new-requisition">
              {t(m.newRequisition)}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <div className="filter-bar">
          <Segmented
            value={scope}
            onChange={(v) => setScope(v as 'mine' | 'all')}
            options={[
              { value: 'mine', label: t(m.mine) },
              { value: 'all', label: t(m.allOfOrg) },
            ]}
          />
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 240 }}
            placeholder={t(common.status)}
            value={status}
            onChange={setStatus}
            options={STATUSES.map((s) => ({ value: s, label: t(label('status_', s)) }))}
          />
          <Input.Search allowClear style={{ width: 240 }} placeholder={t(m.searchPlaceholder)} onSearch={(v) => setQ(v.trim())} maxLength={100} />
        </div>
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<RequisitionRow>
              size="middle"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              rowClassName={() => 'clickable-row'}
              onRow={(r) => ({ onClick: () => navigate(`${BASE}/requisitions/${r.id}`) })}
              data-testid="requisitions-table"
              columns={[
                {
                  title: t(m.number),
                  key: 'number',
                  width: 190,
                  render: (_, r) => (
                    <div>
                      <Typography.Text className="mono">{r.number}</Typography.Text>
                      <div className="cell-sub">{formatDateTime(r.createdAt)}</div>
                    </div>
                  ),
                },
                {
                  title: t(m.title),
                  key: 'title',
                  render: (_, r) => (
                    <div>
                      <Typography.Text strong>{r.title}</Typography.Text>
                      <div className="cell-sub">
                        {t(m.lineCount, { n: r.lineCount })}
                        {r.orgUnit ? ` · ${r.orgUnit}` : ''}
                      </div>
                    </div>
                  ),
                },
                { title: t(m.requester), dataIndex: 'requesterName', width: 140 },
                { title: t(m.needBy), dataIndex: 'needBy', width: 120, render: (v: string | null) => formatDate(v) },
                { title: t(m.total), dataIndex: 'totalAmount', width: 170, align: 'right', render: (v: string, r) => formatMoney(v, r.currency, lang) },
                { title: t(common.status), dataIndex: 'status', width: 120, render: (s: string) => <StatusTag status={s} /> },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
    </div>
  );
}
