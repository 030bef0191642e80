import { DeleteOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Empty, Form, Input, InputNumber, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useProblemHandler } from '../../platform/problems.ts';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import { label, type CartGroup, type CartLine } from './api.ts';
import { m } from './messages.ts';
import { newKey, qtyText } from './parts.tsx';

interface CheckoutForm {
  paymentMethod: 'escrow' | 'credit';
  creditDays?: number;
  deliveryAddress: string;
  deliveryRegion?: string;
  needBy?: { format(f: string): string };
  budgetLineId?: string;
  notes?: string;
}

/** The cart split per supplier (one order each), priced for this buyer, and the checkout form. */
export default function CartPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const navigate = useNavigate();
  const cart = useApiData((signal) => api.get('/orders/cart', { signal }), []);
  const [form] = Form.useForm<CheckoutForm>();
  const [placing, setPlacing] = useState(false);
  const payment = Form.useWatch('paymentMethod', form);

  if (cart.error) return <LoadError error={cart.error} onRetry={cart.reload} />;
  if (!cart.data) return <PageLoading />;
  const data = cart.data;

  const setQuantity = async (line: CartLine, quantity: number | null) => {
    if (!quantity || quantity <= 0) return;
    try {
      await api.patch('/orders/cart/items/{cartItemId}', { params: { cartItemId: line.id }, body: { quantity: String(quantity) } });
      cart.reload();
    } catch (e) {
      onProblem(e);
    }
  };
  const remove = async (id: string) => {
    try {
      await api.delete('/orders/cart/items/{cartItemId}', { params: { cartItemId: id } });
      cart.reload();
    } catch (e) {
      onProblem(e);
    }
  };
  const place = async (values: CheckoutForm) => {
    setPlacing(true);
    try {
      const result = await api.post('/orders/checkout', {
        body: {
          paymentMethod: values.paymentMethod,
          creditDays: values.paymentMethod === 'credit' ? (values.creditDays ?? 30) : null,
          deliveryAddress: values.deliveryAddress.trim(),
          deliveryRegion: values.deliveryRegion?.trim() || null,
          needBy: values.needBy ? values.needBy.format('YYYY-MM-DD') : null,
          budgetLineId: values.budgetLineId?.trim() || null,
          notes: values.notes?.trim() || null,
        },
        idempotencyKey: newKey(),
      });
      void message.success(t(m.placed, { n: result.orders.length }));
      navigate(result.orders.length === 1 ? `/buyer/orders/${result.orders[0]!.id}` : '/buyer/orders');
    } catch (e) {
      onProblem(e, form);
      cart.reload();
    } finally {
      setPlacing(false);
    }
  };

  const columns = [
    {
      title: t(m.item),
      key: 'item',
      render: (_: unknown, l: CartLine) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{lang === 'en' && l.nameEn ? l.nameEn : l.name}</Typography.Text>
          <Typography.Text type="secondary">{[l.skuCode, l.spec].filter(Boolean).join(' · ')}</Typography.Text>
          {l.issue ? <Tag color="error">{t(label('issue_', l.issue))}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t(m.quantity),
      key: 'quantity',
      width: 170,
      render: (_: unknown, l: CartLine) => (
        <Space>
          <InputNumber min={Number(l.moq)} step={Number(l.increment)} defaultValue={Number(l.quantity)} onBlur={(e) => void setQuantity(l, Number(e.target.value))} style={{ width: 100 }} data-testid={`qty-${l.skuId}`} />
          <span>{l.uom}</span>
        </Space>
      ),
    },
    { title: t(m.unitPrice), key: 'price', align: 'right' as const, render: (_: unknown, l: CartLine) => formatMoney(l.unitPrice, 'CNY', lang) },
    { title: t(m.priceSource), key: 'source', render: (_: unknown, l: CartLine) => <Tag color={l.priceSource === 'contract' ? 'green' : l.priceSource === 'tier' ? 'blue' : 'default'}>{t(label('priceSource_', l.priceSource))}</Tag> },
    { title: t(m.taxRate), key: 'tax', render: (_: unknown, l: CartLine) => `${Number(l.taxRate) * 100}%` },
    { title: t(m.available), key: 'available', render: (_: unknown, l: CartLine) => (l.available === null ? '—' : qtyText(l.available)) },
    { title: t(m.lineTotal), key: 'total', align: 'right' as const, render: (_: unknown, l: CartLine) => <Typography.Text strong>{formatMoney(l.lineTotal, 'CNY', lang)}</Typography.Text> },
    { key: 'remove', width: 48, render: (_: unknown, l: CartLine) => <Button type="text" icon={<DeleteOutlined />} aria-label={t(m.remove)} onClick={() => void remove(l.id)} /> },
  ];

  return (
    <div className="page">
      <PageHeader title={t(m.cartTitle)} subtitle={t(m.cartSubtitle)} />
      {data.groups.length === 0 ? (
        <Card>
          <Empty description={t(m.cartEmpty)}>
            <Button type="primary" icon={<ShoppingCartOutlined />} onClick={() => navigate('/buyer/catalog')}>
              {t(m.goCatalog)}
            </Button>
          </Empty>
        </Card>
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {data.groups.map((g: CartGroup, i: number) => (
            <Card
              key={g.supplierOrgId}
              size="small"
              data-testid="cart-group"
              title={`${i + 1}. ${t(m.supplier)}：${lang === 'en' && g.supplierNameEn ? g.supplierNameEn : g.supplierName}`}
              extra={<Typography.Text>{t(m.total)} <Typography.Text strong>{formatMoney(g.total, 'CNY', lang)}</Typography.Text></Typography.Text>}
            >
              <Table<CartLine> size="small" rowKey="id" pagination={false} dataSource={g.lines} columns={columns} />
            </Card>
          ))}
          {data.unavailable.length ? <Typography.Text type="warning">{t(m.unavailable)} {data.unavailable.map((u) => u.skuId).join(', ')}</Typography.Text> : null}
          <Card size="small" title={t(m.checkoutTitle)}>
            <Form form={form} layout="vertical" initialValues={{ paymentMethod: 'escrow', creditDays: 30 }} onFinish={(v) => void place(v)} style={{ maxWidth: 720 }}>
              <Form.Item name="paymentMethod" label={t(m.paymentMethod)}>
                <Radio.Group>
                  <Radio value="escrow">{t(m.payment_escrow)}</Radio>
                  <Radio value="credit">{t(m.payment_credit)}</Radio>
                </Radio.Group>
              </Form.Item>
              {payment === 'credit' ? (
                <Form.Item name="creditDays" label={t(m.creditDays)}>
                  <InputNumber min={1} max={180} />
                </Form.Item>
              ) : null}
              <Form.Item name="deliveryAddress" label={t(m.deliveryAddress)} rules={[{ required: true, max: 300 }]}>
                <Input maxLength={300} />
              </Form.Item>
              <Space wrap>
                <Form.Item name="deliveryRegion" label={t(m.deliveryRegion)}>
                  <Input maxLength={40} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name="needBy" label={t(m.needBy)}>
                  <DatePicker />
                </Form.Item>
                <Form.Item name="budgetLineId" label={t(m.budgetLine)}>
                  <Input maxLength={64} style={{ width: 260 }} />
                </Form.Item>
              </Space>
              <Form.Item name="notes" label={t(m.notes)}>
                <Input.TextArea maxLength={1000} rows={2} />
              </Form.Item>
              <Space size="large" align="center">
                <Typography.Text>
                  {t(m.subtotal)} {formatMoney(data.subtotal, 'CNY', lang)} · {t(m.tax)} {formatMoney(data.taxTotal, 'CNY', lang)} · {t(m.total)}{' '}
                  <Typography.Text strong style={{ fontSize: 18 }}>{formatMoney(data.total, 'CNY', lang)}</Typography.Text>
                </Typography.Text>
                <Typography.Text type="secondary">{t(m.ordersWillBe, { n: data.groups.length })}</Typography.Text>
                <Button type="primary" htmlType="submit" size="large" loading={placing} data-testid="place-orders">
                  {t(m.placeOrders)}
                </Button>
              </Space>
            </Form>
          </Card>
        </Space>
      )}
    </div>
  );
}
