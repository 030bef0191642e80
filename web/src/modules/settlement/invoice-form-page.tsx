import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useProblemHandler } from '../../platform/problems.ts';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { centsToString, label, lineTotalCents, type OrderMoney } from './api.ts';
import { m } from './messages.ts';
import { OrderMoneyView } from './parts.tsx';

const INVOICEABLE = 'partially_shipped,shipped,delivered,partially_accepted,accepted';

interface FormValues {
  vatInvoiceNumber: string;
  issueDate: dayjs.Dayjs;
  lines: Array<{ orderLineId: string; quantity: string; unitPrice: string }>;
}

/** The supplier invoices accepted goods of one order: quantities and prices start from what is invoiceable. */
export default function InvoiceFormPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const onProblem = useProblemHandler();
  const [params, setParams] = useSearchParams();
  const orderId = params.get('orderId') ?? '';
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const orders = useApiData((signal) => api.get('/orders', { query: { role: 'supplier', status: INVOICEABLE, limit: 100 }, signal }), []);
  const money = useApiData<OrderMoney | undefined>(
    async (signal) => {
      if (!orderId) return undefined;
      return api.get('/settlement/orders/{orderId}', { params: { orderId }, signal });
    },
    [orderId],
  );
  const lines = Form.useWatch('lines', { form, preserve: true }) ?? [];
  const byId = new Map((money.data?.lines ?? []).map((l) => [l.orderLineId, l]));

  const submit = async (values: FormValues) => {
    setSaving(true);
    try {
      const created = await api.post('/invoices', {
        body: {
          orderId,
          vatInvoiceNumber: values.vatInvoiceNumber.trim(),
          issueDate: values.issueDate.format('YYYY-MM-DD'),
          lines: values.lines.filter((l) => /[1-9]/.test(String(l.quantity))).map((l) => ({ orderLineId: l.orderLineId, quantity: String(l.quantity).trim(), unitPrice: String(l.unitPrice).trim() })),
        },
      });
      navigate(`/supplier/finance/invoices/${created.id}`);
    } catch (error) {
      onProblem(error, form);
    } finally {
      setSaving(false);
    }
  };

  const currency = money.data?.currency ?? 'CNY';
  const expected = lines.reduce((sum, l) => {
    const line = l ? byId.get(l.orderLineId) : undefined;
    return line && l ? sum + (lineTotalCents(String(l.quantity ?? '0'), String(l.unitPrice ?? '0'), line.taxRate) ?? 0n) : sum;
  }, 0n);

  return (
    <div className="page">
      <PageHeader back={<Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/supplier/finance/invoices')} />} title={t(m.newInvoice)} subtitle={t(m.invoicesSubtitleSupplier)} />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" title={t(m.pickOrder)}>
          <Select
            showSearch
            style={{ width: 480 }}
            placeholder={t(m.pickOrderHint)}
            loading={orders.loading}
            value={orderId || undefined}
            optionFilterProp="label"
            onChange={(v: string) => setParams({ orderId: v })}
            options={(orders.data?.items ?? []).map((o) => ({ value: o.id, label: `${o.number} · ${o.counterpartyName ?? ''} · ${formatMoney(o.total, o.currency, lang)}` }))}
            data-testid="invoice-order"
          />
        </Card>
        {money.error ? <LoadError error={money.error} onRetry={money.reload} /> : null}
        {money.data ? (
          <Card size="small" title={t(m.orderMoney)}>
            <OrderMoneyView money={money.data} />
          </Card>
        ) : null}
        {money.data ? (
          <Card size="small" title={t(m.invoiceableLines)}>
            {money.data.lines.every((l) => !/^[1-9]|^0\.\d*[1-9]/.test(l.invoiceableQuantity)) ? (
              <Alert type="info" showIcon message={t(m.nothingInvoiceable)} />
            ) : (
              <Form
                key={orderId}
                form={form}
                layout="vertical"
                onFinish={submit}
                initialValues={{
                  issueDate: dayjs(),
                  lines: money.data.lines.filter((l) => /^[1-9]|^0\.\d*[1-9]/.test(l.invoiceableQuantity)).map((l) => ({ orderLineId: l.orderLineId, quantity: l.invoiceableQuantity, unitPrice: l.unitPrice })),
                }}
              >
                <Space size={16} wrap>
                  <Form.Item name="vatInvoiceNumber" label={t(m.vatInvoiceNumber)} tooltip={t(m.vatInvoiceNumberHint)} rules={[{ required: true, whitespace: true }, { max: 40 }, { pattern: /^[0-9A-Za-z-]+$/ }]}>
                    <Input className="mono" style={{ width: 260 }} data-testid="invoice-vat-number" />
                  </Form.Item>
                  <Form.Item name="issueDate" label={t(m.issueDate)} rules={[{ required: true }]}>
                    <DatePicker />
                  </Form.Item>
                </Space>
                <Form.List name="lines">
                  {(fields) => (
                    <Table
                      size="small"
                      rowKey="key"
                      pagination={false}
                      dataSource={fields}
                      columns={[
                        {
                          title: t(m.description),
                          key: 'name',
                          render: (_, field) => {
                            const line = byId.get(form.getFieldValue(['lines', field.name, 'orderLineId']));
                            return (
                              <div>
                                <Typography.Text>{line?.name}</Typography.Text>
                                <div className="cell-sub">
                                  {t(m.accepted)} {line?.acceptedQuantity} · {t(m.available)} {line?.invoiceableQuantity} {line?.uom}
                                </div>
                              </div>
                            );
                          },
                        },
                        {
                          title: t(m.invoiceQty),
                          key: 'quantity',
                          width: 160,
                          render: (_, field) => (
                            <Form.Item name={[field.name, 'quantity']} noStyle rules={[{ pattern: /^\d{1,12}(\.\d{1,3})?$/ }]}>
                              <Input inputMode="decimal" data-testid={`invoice-qty-${field.name}`} />
                            </Form.Item>
                          ),
                        },
                        {
                          title: t(m.unitPrice),
                          key: 'unitPrice',
                          width: 180,
                          render: (_, field) => (
                            <Form.Item name={[field.name, 'unitPrice']} noStyle rules={[{ pattern: /^\d{1,12}(\.\d{1,4})?$/ }]}>
                              <Input prefix="¥" inputMode="decimal" data-testid={`invoice-price-${field.name}`} />
                            </Form.Item>
                          ),
                        },
                        {
                          title: t(m.taxRate),
                          key: 'taxRate',
                          width: 90,
                          render: (_, field) => {
                            const line = byId.get(form.getFieldValue(['lines', field.name, 'orderLineId']));
                            return line ? `${(Number(line.taxRate) * 100).toFixed(0)}%` : '';
                          },
                        },
                      ]}
                    />
                  )}
                </Form.List>
                <div className="filter-bar" style={{ marginTop: 16, justifyContent: 'space-between' }}>
                  <Typography.Text>
                    {t(m.preview)}: <Typography.Text strong>{formatMoney(centsToString(expected), currency, lang)}</Typography.Text> · {t(label('paymentMethod_', money.data.paymentMethod))}
                  </Typography.Text>
                  <Button type="primary" htmlType="submit" loading={saving} data-testid="invoice-submit">
                    {t(m.submitInvoice)}
                  </Button>
                </div>
              </Form>
            )}
          </Card>
        ) : null}
      </Space>
    </div>
  );
}
