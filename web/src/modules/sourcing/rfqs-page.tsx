import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { label, RFQ_STATUSES, type RfqRow } from './api.ts';
import { m } from './messages.ts';
import { Countdown, StatusTag } from './parts.tsx';

/** RFQs the organisation issued (buyer) or may quote on (supplier inbox tab). */
export function RfqTable({ role }: { role: 'buyer' | 'supplier' }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [status, setStatus] = useState<string[]>([]);
  const [q, setQ] = useState('');
  const list = useCursorList((cursor, signal) => api.get('/rfqs', { query: { cursor, limit: 50, role, status: status.join(',') || undefined, q: q || undefined }, signal }), [role, status.join(','), q]);
  return (
    <>
      <div className="filter-bar">
        <Select mode="multiple" allowClear style={{ minWidth: 260 }} placeholder={t(m.status)} value={status} onChange={setStatus} options={RFQ_STATUSES.filter((s) => role === 'buyer' || s !== 'draft').map((s) => ({ value: s, label: t(label('rfqStatus_', s)) }))} />
        <Input.Search allowClear style={{ width: 240 }} placeholder={t(m.searchPlaceholder)} onSearch={(v) => setQ(v.trim())} maxLength={60} />
      </div>
      {list.error && !list.items.length ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <>
          <Table<RfqRow>
            size="middle"
            rowKey="id"
            loading={list.loading}
            dataSource={list.items}
            pagination={false}
            locale={{ emptyText: t(m.noRfqs) }}
            rowClassName={() => 'clickable-row'}
            onRow={(r) => ({ onClick: () => navigate(`/${role}/sourcing/rfqs/${r.id}`) })}
            data-testid="rfqs-table"
            columns={[
              { title: t(m.number), dataIndex: 'number', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
              { title: t(m.title), dataIndex: 'title', render: (v: string, r) => (role === 'supplier' ? <div>{v}<div className="cell-sub">{r.buyerName}</div></div> : v) },
              { title: t(m.status), dataIndex: 'status', render: (s: string) => <StatusTag prefix="rfqStatus_" status={s} /> },
              { title: t(m.audience), dataIndex: 'audience', render: (a: string) => t(label('audience_', a)) },
              { title: t(m.lineCount), dataIndex: 'lineCount', align: 'right' },
              role === 'buyer'
                ? { title: t(m.quoteCount), dataIndex: 'quoteCount', align: 'right', render: (n: number | null) => (n === null ? <Typography.Text type="secondary">{t(m.quoteCountSealed)}</Typography.Text> : n) }
                : { title: t(m.myQuote), dataIndex: 'myQuoteStatus', render: (s: string | null) => (s ? <StatusTag prefix="quoteStatus_" status={s} /> : '—') },
              { title: t(m.deadline), dataIndex: 'deadline', render: (v: string, r) => (r.status === 'open' ? <Countdown until={v} /> : formatDateTime(v)) },
            ]}
          />
          <LoadMore list={list} />
        </>
      )}
    </>
  );
}

export default function RfqsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div className="page">
      <PageHeader
        title={t(m.rfqsTitle)}
        subtitle={t(m.rfqsSubtitle)}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/buyer/sourcing/rfqs/new')} data-testid="new-rfq">
            {t(m.newRfq)}
          </Button>
        }
      />
      <Card size="small">
        <RfqTable role="buyer" />
      </Card>
    </div>
  );
}
