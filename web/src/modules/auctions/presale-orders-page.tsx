import { App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { label, type PresaleOrder } from './api.ts';
import { m } from './messages.ts';
import { useWorkspace } from './parts.tsx';

const COLORS: Record<string, string> = { deposit_paid: 'processing', completed: 'success', cancelled: 'default', lapsed: 'warning', refunded: 'default' };

/** Presale orders: a buyer pays the balance (the purchase order follows) or withdraws; a supplier watches them. */
export default function PresaleOrdersPage() {
  const { t, lang } = useI18n();
  const handleProblem = useProblemHandler();
  const workspace = useWorkspace();
  const buyer = workspace === 'buyer';
  const [paying, setPaying] = useState<PresaleOrder | null>(null);
  const list = useApiData((signal) => api.get('/presale-orders', { query: { limit: 200 }, signal }), []);
  const act = async (run: () => Promise<unknown>) => {
    try {
      await run();
      list.reload();
    } catch (error) {
      handleProblem(error);
    }
  };
  return (
    <div className="page">
      <PageHeader title={t(m.presaleOrdersTitle)} subtitle={t(m.presaleOrdersSubtitle)} />
      <Card size="small">
        {list.error ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <Table<PresaleOrder>
            size="middle"
            rowKey="id"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: t(m.noPresaleOrders) }}
            data-testid="presale-orders-table"
            columns={[
              { title: t(common.createdAt), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
              { title: t(m.quantity), dataIndex: 'quantity', align: 'right' },
              { title: t(m.total), dataIndex: 'total', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
              { title: t(m.depositAmount), dataIndex: 'depositAmount', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
              { title: t(m.balanceAmount), dataIndex: 'balanceAmount', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
              { title: t(m.status), dataIndex: 'status', render: (s: string) => <Tag color={COLORS[s]}>{t(label('psoStatus_', s))}</Tag> },
              {
                title: t(common.actions),
                key: 'actions',
                render: (_, o) => (
                  <Space size="small">
                    {o.orderId ? <Link to={`/${workspace}/orders/${o.orderId}`}>{t(m.viewOrder)}</Link> : null}
                    {buyer && o.status === 'deposit_paid' && o.buyerOrgId ? (
                      <>
                        <Button size="small" type="primary" onClick={() => setPaying(o)} data-testid="pay-balance">{t(m.payBalance)}</Button>
                        <Popconfirm title={t(m.withdrawConfirm)} onConfirm={() => act(() => api.post('/presale-orders/{presaleOrderId}/cancel', { params: { presaleOrderId: o.id }, body: { reason: '—' } }))}>
                          <Button size="small" danger>{t(m.withdraw)}</Button>
                        </Popconfirm>
                      </>
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      {paying ? <BalanceModal order={paying} onClose={() => setPaying(null)} onPaid={() => { setPaying(null); list.reload(); }} /> : null}
    </div>
  );
}

function BalanceModal({ order, onClose, onPaid }: { order: PresaleOrder; onClose: () => void; onPaid: () => void }) {
  const { t, lang } = useI18n();
  const handleProblem = useProblemHandler();
  const [form] = Form.useForm<{ bankReference: string }>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await api.post('/presale-orders/{presaleOrderId}/balance', { params: { presaleOrderId: order.id }, body: { amount: order.balanceAmount, bankReference: v.bankReference } });
      onPaid();
    } catch (error) {
      handleProblem(error, form);
    }
  };
  return (
    <Modal open title={t(m.payBalance)} onCancel={onClose} onOk={() => void submit()} destroyOnHidden>
      <Typography.Paragraph strong>{t(m.balanceDue, { amount: formatMoney(order.balanceAmount, 'CNY', lang) })}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="bankReference" label={t(m.bankReference)} rules={[{ required: true, message: t(common.fieldRequired) }, { pattern: /^[A-Za-z0-9_./:-]{1,100}$/, message: t(common.fieldFormat) }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
