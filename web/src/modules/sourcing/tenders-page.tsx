import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { label, TENDER_STATUSES, type TenderRow } from './api.ts';
import { m } from './messages.ts';
import { Countdown, StatusTag } from './parts.tsx';

/** Tenders the organisation issued (buyer) or its supplier inbox (invited, public, or `mine`). */
export function TenderTable({ role, scope }: { role: 'buyer' | 'supplier'; scope?: 'mine' }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [status, setStatus] = useState<string[]>([]);
  const [q, setQ] = useState('');
  const list = useCursorList((cursor, signal) => api.get('/tenders', { query: { cursor, limit: 50, role, scope, status: status.join(',') || undefined, q: q || undefined }, signal }), [role, scope, status.join(','), q]);
  return (
    <>
      <div className="filter-bar">
        <Select mode="multiple" allowClear style={{ minWidth: 260 }} placeholder={t(m.status)} value={status} onChange={setStatus} options={TENDER_STATUSES.filter((s) => role === 'buyer' || s !== 'draft').map((s) => ({ value: s, label: t(label('tenderStatus_', s)) }))} />
        <Input.Search allowClear style={{ width: 240 }} placeholder={t(m.searchPlaceholder)} onSearch={(v) => setQ(v.trim())} maxLength={60} />
      </div>
      {list.error && !list.items.length ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <>
          <Table<TenderRow>
            size="middle"
            rowKey="id"
            loading={list.loading}
            dataSource={list.items}
            pagination={false}
            locale={{ emptyText: t(m.noTenders) }}
            rowClassName={() => 'clickable-row'}
            onRow={(r) => ({ onClick: () => navigate(`/${role}/sourcing/tenders/${r.id}`) })}
            data-testid="tenders-table"
            scroll={{ x: 900 }}
            columns={[
              { title: t(m.number), dataIndex: 'number', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
              { title: t(m.title), dataIndex: 'title', render: (v: string, r) => (role === 'supplier' ? <div>{v}<div className="cell-sub">{r.buyerName}</div></div> : v) },
              { title: t(m.visibility), dataIndex: 'visibility', render: (v: string) => t(label('visibility_', v)) },
              { title: t(m.status), dataIndex: 'status', render: (s: string) => <StatusTag prefix="tenderStatus_" status={s} /> },
              { title: t(m.depositAmount), dataIndex: 'depositAmount', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
              ...(role === 'supplier'
                ? [
                    { title: t(m.myRegistration), dataIndex: 'registrationStatus', render: (s: string | null) => (s ? <StatusTag prefix="regStatus_" status={s} /> : '—') },
                    { title: t(m.myBid), dataIndex: 'myBidStatus', render: (s: string | null) => (s ? <StatusTag prefix="bidStatus_" status={s} /> : '—') },
                  ]
                : []),
              { title: t(m.bidDeadline), dataIndex: 'bidDeadline', render: (v: string, r) => (r.status === 'published' ? <Countdown until={v} /> : formatDateTime(v)) },
              { title: t(m.openingAt), dataIndex: 'openingAt', render: (v: string) => formatDateTime(v) },
            ]}
          />
          <LoadMore list={list} />
        </>
      )}
    </>
  );
}

export default function TendersPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div className="page">
      <PageHeader
        title={t(m.tendersTitle)}
        subtitle={t(m.tendersSubtitle)}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/buyer/sourcing/tenders/new')} data-testid="new-tender">
            {t(m.newTender)}
          </Button>
        }
      />
      <Card size="small">
        <TenderTable role="buyer" />
      </Card>
    </div>
  );
}
