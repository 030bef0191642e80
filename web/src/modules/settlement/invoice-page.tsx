import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, RollbackOutlined, WalletOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDate, formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useSession } from '../../platform/session.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import { label, type Invoice } from './api.ts';
import { m } from './messages.ts';
import { InvoiceStatusTag, MatchResultView, OrderMoneyView } from './parts.tsx';
import { PaymentModal } from './payment-modal.tsx';

type Action = 'approve' | 'reject' | 'cancel';

/** One invoice: lines, three-way match, the order's money, and what the caller may do with it. */
export default function InvoicePage() {
  const { invoiceId = '' } = useParams();
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const workspace = useLocation().pathname.split('/')[1] ?? 'buyer';
  const onProblem = useProblemHandler();
  const invoice = useApiData((signal) => api.get('/invoices/{invoiceId}', { params: { invoiceId }, signal }), [invoiceId]);
  const money = useApiData((signal) => (invoice.data ? api.get('/settlement/orders/{orderId}', { params: { orderId: invoice.data.orderId }, signal }) : Promise.resolve(undefined)), [invoice.data?.orderId, invoice.data?.version]);
  const [action, setAction] = useState<Action | null>(null);
  const [paying, setPaying] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  if (invoice.loading && !invoice.data) return <PageLoading />;
  if (invoice.error || !invoice.data) return <LoadError error={invoice.error} onRetry={invoice.reload} />;
  const inv: Invoice = invoice.data;
  const f = (v: string | null) => formatMoney(v, inv.currency, lang);
  const buyerSide = workspace === 'buyer';
  const supplierSide = workspace === 'supplier';

  const decide = async ({ reason }: { reason: string }) => {
    if (!action) return;
    setSaving(true);
    try {
      const options = { params: { invoiceId }, body: { reason: reason.trim(), version: inv.version } };
      const updated =
        action === 'approve'
          ? await api.post('/invoices/{invoiceId}/approve', options)
          : action === 'reject'
            ? await api.post('/invoices/{invoiceId}/reject', options)
            : await api.post('/invoices/{invoiceId}/cancel', options);
      void message.success(t(action === 'approve' ? m.approvedDone : action === 'reject' ? m.rejectedDone : m.withdrawnDone));
      invoice.setData(updated);
      setAction(null);
    } catch (error) {
      onProblem(error, form);
    } finally {
      setSaving(false);
    }
  };

  const actions = (
    <Space>
      {buyerSide && inv.status === 'exception' && can('settlement.invoices.decide') ? (
        <>
          <Button type="primary" icon={<CheckOutlined />} onClick={() => setAction('approve')} data-testid="invoice-approve">
            {t(m.approve)}
          </Button>
          <Button danger icon={<CloseOutlined />} onClick={() => setAction('reject')} data-testid="invoice-reject">
            {t(m.reject)}
          </Button>
        </>
      ) : null}
      {buyerSide && inv.status === 'approved' && inv.paymentMethod === 'credit' && can('settlement.payments.record') ? (
        <Button type="primary" icon={<WalletOutlined />} onClick={() => setPaying(true)} data-testid="invoice-pay">
          {t(m.recordPayment)}
        </Button>
      ) : null}
      {supplierSide && (inv.status === 'exception' || inv.status === 'submitted') && can('settlement.invoices.create') ? (
        <Button icon={<RollbackOutlined />} onClick={() => setAction('cancel')} data-testid="invoice-withdraw">
          {t(m.withdraw)}
        </Button>
      ) : null}
    </Space>
  );

  return (
    <div className="page">
      <PageHeader
        back={<Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(`/${workspace}/finance/invoices`)} />}
        title={
          <Space>
            <span className="mono">{inv.number}</span>
            <InvoiceStatusTag status={inv.status} overdue={inv.overdue} />
          </Space>
        }
        subtitle={`${t(m.vatInvoiceNumber)} ${inv.vatInvoiceNumber} · ${t(m.order)} ${inv.orderNumber ?? inv.orderId}`}
        extra={actions}
      />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t(m.issueDate)}>{formatDate(inv.issueDate)}</Descriptions.Item>
            <Descriptions.Item label={t(m.paymentMethod)}>{t(label('paymentMethod_', inv.paymentMethod))}</Descriptions.Item>
            <Descriptions.Item label={t(common.createdAt)}>{formatDateTime(inv.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t(m.subtotal)}>{f(inv.subtotal)}</Descriptions.Item>
            <Descriptions.Item label={t(m.tax)}>{f(inv.taxTotal)}</Descriptions.Item>
            <Descriptions.Item label={t(m.total)}>
              <Typography.Text strong>{f(inv.total)}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t(m.paid)}>{f(inv.paidAmount)}</Descriptions.Item>
            <Descriptions.Item label={t(m.dueDate)}>{formatDate(inv.dueDate)}</Descriptions.Item>
            {inv.commission !== null ? <Descriptions.Item label={t(m.commission)}>{f(inv.commission)}</Descriptions.Item> : null}
            {inv.decisionReason ? <Descriptions.Item label={t(m.decisionReason)}>{inv.decisionReason}</Descriptions.Item> : null}
          </Descriptions>
        </Card>
        <Card size="small" title={t(m.lines)}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={inv.lines ?? []}
            columns={[
              { title: t(m.description), dataIndex: 'description' },
              { title: t(m.quantity), dataIndex: 'quantity', align: 'right', width: 100 },
              { title: t(m.unitPrice), dataIndex: 'unitPrice', align: 'right', width: 150, render: (v: string) => f(v) },
              { title: t(m.taxRate), dataIndex: 'taxRate', align: 'right', width: 90, render: (v: string) => `${(Number(v) * 100).toFixed(0)}%` },
              { title: t(m.subtotal), dataIndex: 'lineSubtotal', align: 'right', width: 140, render: (v: string) => f(v) },
              { title: t(m.tax), dataIndex: 'lineTax', align: 'right', width: 120, render: (v: string) => f(v) },
              { title: t(m.lineTotal), dataIndex: 'lineTotal', align: 'right', width: 140, render: (v: string) => f(v) },
            ]}
          />
        </Card>
        {inv.matchResult ? (
          <Card size="small" title={t(m.matchResult)}>
            <MatchResultView result={inv.matchResult} currency={inv.currency} />
          </Card>
        ) : null}
        {money.data ? (
          <Card size="small" title={t(m.orderMoney)}>
            <OrderMoneyView money={money.data} />
          </Card>
        ) : null}
      </Space>
      <Modal
        open={action !== null}
        title={action ? t(action === 'approve' ? m.approve : action === 'reject' ? m.reject : m.withdraw) : ''}
        onCancel={() => setAction(null)}
        onOk={() => form.submit()}
        okText={t(common.confirm)}
        okButtonProps={{ danger: action === 'reject', 'data-testid': 'decision-ok' } as never}
        cancelText={t(common.cancel)}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={decide} preserve={false}>
          <Form.Item name="reason" label={t(m.reason)} rules={[{ required: true, whitespace: true, message: t(m.reasonRequired) }, { max: 500 }]}>
            <Input.TextArea rows={3} autoFocus data-testid="decision-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <PaymentModal
        open={paying}
        initial={{ purpose: 'invoice', invoiceId: inv.id, amount: inv.paidAmount === '0.00' ? inv.total : undefined }}
        onClose={() => setPaying(false)}
        onDone={() => {
          setPaying(false);
          invoice.reload();
        }}
      />
    </div>
  );
}
