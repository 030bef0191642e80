import { Card, Input, Segmented, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { label, STATUSES, type OrderRow } from './api.ts';
import { m } from './messages.ts';
import { StatusTag, useParty } from './parts.tsx';

/** Orders list (buyers: my purchases; suppliers: the order desk, open work first). */
export function OrderList({ desk }: { desk: boolean }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const party = useParty();
  const [role, setRole] = useState<'buyer' | 'supplier' | 'all'>(party);
  const [status, setStatus] = useState<string[]>(desk ? ['submitted', 'confirmed', 'in_fulfilment', 'partially_shipped'] : []);
  const [q, setQ] = useState('');
  const list = useCursorList(
    (cursor, signal) => api.get('/orders', { query: { cursor, limit: 50, role: role === 'all' ? undefined : role, status: status.join(',') || undefined, q: q || undefined }, signal }),
    [role, status.join(','), q],
  );
  return (
    <div className="page">
      <PageHeader title={t(desk ? m.deskTitle : m.ordersTitle)} subtitle={t(desk ? m.deskSubtitle : m.ordersSubtitle)} />
      <Card size="small">
        <div className="filter-bar">
          <Segmented
            value={role}
            onChange={(v) => setRole(v as typeof role)}
            options={[
              { value: 'buyer', label: t(m.role_buyer) },
              { value: 'supplier', label: t(m.role_supplier) },
              { value: 'all', label: t(m.allRoles) },
            ]}
          />
          <Select mode="multiple" allowClear style={{ minWidth: 280 }} placeholder={t(m.status)} value={status} onChange={setStatus} options={STATUSES.map((s) => ({ value: s, label: t(label('status_', s)) }))} />
          <Input.Search allowClear style={{ width: 240 }} placeholder={t(m.searchNumber)} onSearch={(v) => setQ(v.trim())} maxLength={40} />
        </div>
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<OrderRow>
              size="middle"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              locale={{ emptyText: t(m.noOrders) }}
              rowClassName={() => 'clickable-row'}
              onRow={(r) => ({ onClick: () => navigate(`/${party}/orders/${r.id}`) })}
              data-testid="orders-table"
              columns={[
                { title: t(m.number), dataIndex: 'number', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
                { title: t(m.counterparty), dataIndex: 'counterpartyName' },
                { title: t(m.status), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
                { title: t(m.payment), dataIndex: 'paymentMethod', render: (p: string) => t(label('payment_', p)) },
                { title: t(m.total), dataIndex: 'total', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
                { title: t(m.createdAt), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
    </div>
  );
}

export default function OrdersPage() {
  return <OrderList desk={false} />;
}
