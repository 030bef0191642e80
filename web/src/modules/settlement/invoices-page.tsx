import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDate, formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useSession } from '../../platform/session.tsx';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { label, type InvoiceRow } from './api.ts';
import { m } from './messages.ts';
import { InvoiceStatusTag } from './parts.tsx';

const STATUSES = ['exception', 'approved', 'paid', 'rejected', 'cancelled', 'submitted', 'matched'] as const;
type Status = (typeof STATUSES)[number];

/** Invoices: the supplier's issued ones, the buyer's inbox with the exception queue, or all (platform). */
export default function InvoicesPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const workspace = useLocation().pathname.split('/')[1] ?? 'buyer';
  const side = workspace === 'supplier' ? 'issued' : workspace === 'buyer' ? 'received' : undefined;
  const [view, setView] = useState<'all' | 'exception' | 'overdue'>(workspace === 'buyer' ? 'exception' : 'all');
  const [status, setStatus] = useState<Status | undefined>();
  const list = useCursorList(
    (cursor, signal) =>
      api.get('/invoices', {
        query: { cursor, limit: 50, side, status: view === 'exception' ? 'exception' : status, overdue: view === 'overdue' ? true : undefined },
        signal,
      }),
    [view, status, side],
  );
  const subtitle = workspace === 'supplier' ? m.invoicesSubtitleSupplier : workspace === 'buyer' ? m.invoicesSubtitleBuyer : m.invoicesSubtitleOperator;

  return (
    <div className="page">
      <PageHeader
        title={t(m.invoicesTitle)}
        subtitle={t(subtitle)}
        extra={
          workspace === 'supplier' && can('settlement.invoices.create') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/supplier/finance/invoices/new`)} data-testid="new-invoice">
              {t(m.newInvoice)}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <div className="filter-bar">
          <Segmented
            value={view}
            onChange={(v) => setView(v as typeof view)}
            options={[
              { value: 'all', label: t(common.all) },
              { value: 'exception', label: t(m.exceptionQueue) },
              { value: 'overdue', label: t(m.overdueOnly) },
            ]}
            data-testid="invoice-view"
          />
          {view === 'all' ? (
            <Select
              allowClear
              style={{ minWidth: 180 }}
              placeholder={t(common.status)}
              value={status}
              onChange={setStatus}
              options={STATUSES.map((s) => ({ value: s, label: t(label('status_', s)) }))}
            />
          ) : null}
        </div>
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<InvoiceRow>
              size="middle"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              rowClassName={() => 'clickable-row'}
              onRow={(r) => ({ onClick: () => navigate(`/${workspace}/finance/invoices/${r.id}`) })}
              data-testid="invoices-table"
              columns={[
                {
                  title: t(m.number),
                  key: 'number',
                  width: 200,
                  render: (_, r) => (
                    <div>
                      <Typography.Text className="mono">{r.number}</Typography.Text>
                      <div className="cell-sub">{formatDateTime(r.createdAt)}</div>
                    </div>
                  ),
                },
                { title: t(m.vatInvoiceNumber), dataIndex: 'vatInvoiceNumber', width: 190, render: (v: string) => <span className="mono">{v}</span> },
                { title: t(m.order), dataIndex: 'orderNumber', width: 170, render: (v: string | null) => <span className="mono">{v ?? '—'}</span> },
                { title: t(m.paymentMethod), dataIndex: 'paymentMethod', width: 110, render: (v: string) => t(label('paymentMethod_', v)) },
                { title: t(m.total), dataIndex: 'total', width: 150, align: 'right', render: (v: string, r) => formatMoney(v, r.currency, lang) },
                { title: t(m.paid), dataIndex: 'paidAmount', width: 150, align: 'right', render: (v: string, r) => formatMoney(v, r.currency, lang) },
                { title: t(m.dueDate), dataIndex: 'dueDate', width: 120, render: (v: string | null) => formatDate(v) },
                { title: t(common.status), key: 'status', width: 170, render: (_, r) => <InvoiceStatusTag status={r.status} overdue={r.overdue} /> },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
    </div>
  );
}
