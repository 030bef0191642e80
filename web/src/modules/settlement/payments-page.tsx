import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../platform/api.ts';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useSession } from '../../platform/session.tsx';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { label, type Payment } from './api.ts';
import { m } from './messages.ts';
import { PaymentModal } from './payment-modal.tsx';

/** Payments of the buyer (all of them for platform readers), newest first; buyer finance records new ones. */
export default function PaymentsPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  const list = useCursorList((cursor, signal) => api.get('/payments', { query: { cursor, limit: 50 }, signal }), []);
  return (
    <div className="page">
      <PageHeader
        title={t(m.paymentsTitle)}
        subtitle={t(m.paymentsSubtitle)}
        extra={
          can('settlement.payments.record') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="record-payment">
              {t(m.recordPayment)}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<Payment>
              size="middle"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              data-testid="payments-table"
              columns={[
                { title: t(m.receivedAt), dataIndex: 'receivedAt', width: 160, render: (v: string) => formatDateTime(v) },
                { title: t(m.purpose), dataIndex: 'purpose', width: 120, render: (v: string) => t(label('purpose_', v)) },
                {
                  title: `${t(m.order)} / ${t(m.invoiceId)}`,
                  key: 'target',
                  render: (_, p) => <Typography.Text className="mono">{p.invoiceId ?? p.orderId}</Typography.Text>,
                },
                { title: t(m.amount), dataIndex: 'amount', width: 150, align: 'right', render: (v: string, p) => formatMoney(v, p.currency, lang) },
                {
                  title: t(m.bankReference),
                  key: 'ref',
                  width: 220,
                  render: (_, p) => (
                    <div>
                      <span className="mono">{p.bankReference}</span>
                      {p.statementLineId ? <Tag style={{ marginLeft: 8 }}>{t(m.fromStatement)}</Tag> : null}
                    </div>
                  ),
                },
                {
                  title: t(m.allocation),
                  key: 'allocation',
                  width: 240,
                  render: (_, p) => (p.allocation ? t(m.allocationText, { escrow: formatMoney(p.allocation.escrow, p.currency, lang), receivable: formatMoney(p.allocation.receivable, p.currency, lang) }) : '—'),
                },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
      <PaymentModal
        open={open}
        onClose={() => setOpen(false)}
        onDone={() => {
          setOpen(false);
          list.reload();
        }}
      />
    </div>
  );
}
