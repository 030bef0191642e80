import { Alert, Descriptions, Table, Tag, Typography } from 'antd';
import { formatDate, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { INVOICE_STATUS_COLORS, label, LINE_STATUS_COLORS, type MatchResult, type OrderMoney } from './api.ts';
import { m } from './messages.ts';

export function InvoiceStatusTag({ status, overdue }: { status: string; overdue?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <Tag color={INVOICE_STATUS_COLORS[status] ?? 'default'} data-testid={`invoice-status-${status}`}>
        {t(label('status_', status))}
      </Tag>
      {overdue ? <Tag color="error">{t(m.overdue)}</Tag> : null}
    </>
  );
}

export function LineStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return <Tag color={LINE_STATUS_COLORS[status] ?? 'default'}>{t(label('lineStatus_', status))}</Tag>;
}

/** The three-way match of an invoice: per line, quantity against accepted, price against order. */
export function MatchResultView({ result, currency }: { result: MatchResult; currency: string }) {
  const { t, lang } = useI18n();
  const issues = result.issues.map((i) => t(label('issue_', i))).join(lang === 'en' ? '; ' : '；');
  return (
    <div data-testid="match-result">
      <Alert
        type={result.ok ? 'success' : 'warning'}
        showIcon
        message={result.ok ? t(m.matchOk) : t(m.matchFailed, { issues })}
        description={t(m.expectedTotal, {
          expected: formatMoney(result.expectedTotal, currency, lang),
          invoiced: formatMoney(result.invoicedTotal, currency, lang),
          variance: formatMoney(result.totalVariance, currency, lang),
          tolerance: formatMoney(result.totalTolerance, currency, lang),
        })}
        style={{ marginBottom: 12 }}
      />
      <Table
        size="small"
        rowKey="orderLineId"
        pagination={false}
        dataSource={result.lines}
        columns={[
          { title: t(m.quantity), dataIndex: 'quantity', align: 'right' },
          { title: t(m.accepted), dataIndex: 'acceptedQuantity', align: 'right' },
          { title: t(m.available), dataIndex: 'availableQuantity', align: 'right' },
          { title: t(m.orderPrice), dataIndex: 'orderUnitPrice', align: 'right', render: (v: string) => formatMoney(v, currency, lang) },
          { title: t(m.invoicePrice), dataIndex: 'invoiceUnitPrice', align: 'right', render: (v: string) => formatMoney(v, currency, lang) },
          { title: t(m.expected), dataIndex: 'expectedSubtotal', align: 'right', render: (v: string) => formatMoney(v, currency, lang) },
          { title: t(m.variance), dataIndex: 'variance', align: 'right', render: (v: string) => formatMoney(v, currency, lang) },
          { title: t(m.tolerance), dataIndex: 'tolerance', align: 'right', render: (v: string) => formatMoney(v, currency, lang) },
          {
            title: t(m.matchResult),
            key: 'issues',
            render: (_, l) =>
              l.issues.length ? (
                l.issues.map((i) => (
                  <Tag key={i} color="warning">
                    {t(label('issue_', i))}
                  </Tag>
                ))
              ) : (
                <Tag color="success">OK</Tag>
              ),
          },
        ]}
      />
    </div>
  );
}

/** Where an order's money stands: escrow paid, held, released, refunded, still due. */
export function OrderMoneyView({ money }: { money: OrderMoney }) {
  const { t, lang } = useI18n();
  const f = (v: string | null) => formatMoney(v, money.currency, lang);
  return (
    <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered data-testid="order-money">
      <Descriptions.Item label={t(m.order)}>
        <Typography.Text className="mono">{money.number}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t(m.paymentMethod)}>
        {t(label('paymentMethod_', money.paymentMethod))}
        {money.creditDays ? ` · ${money.creditDays}d` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t(m.total)}>{f(money.total)}</Descriptions.Item>
      {money.paymentMethod === 'escrow' ? (
        <>
          <Descriptions.Item label={t(m.escrowPaid)}>{f(money.escrowPaid)}</Descriptions.Item>
          <Descriptions.Item label={t(m.escrowHeld)}>{f(money.escrowHeld)}</Descriptions.Item>
          <Descriptions.Item label={t(m.escrowReleased)}>{f(money.escrowReleased)}</Descriptions.Item>
          <Descriptions.Item label={t(m.escrowRefunded)}>{f(money.escrowRefunded)}</Descriptions.Item>
          <Descriptions.Item label={t(m.receivableOpen)}>{f(money.receivableOpen)}</Descriptions.Item>
        </>
      ) : null}
      <Descriptions.Item label={t(m.amountDue)}>
        <Typography.Text strong>{f(money.amountDue)}</Typography.Text>
      </Descriptions.Item>
      {money.commissionCharged !== null ? <Descriptions.Item label={t(m.commission)}>{f(money.commissionCharged)}</Descriptions.Item> : null}
      {money.settledAt ? <Descriptions.Item label={t(label('status_', 'paid'))}>{formatDate(money.settledAt)}</Descriptions.Item> : null}
    </Descriptions>
  );
}
