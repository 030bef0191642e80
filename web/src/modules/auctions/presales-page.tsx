import { App, Button, Card, DatePicker, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../platform/api.ts';
import { formatDate, formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { fromCents, label, toCents, type Presale } from './api.ts';
import { m } from './messages.ts';
import { newKey, useWorkspace } from './parts.tsx';

const STATUS_COLORS: Record<string, string> = { draft: 'default', open: 'processing', closed: 'gold', cancelled: 'default' };

/** Suppliers run their presales here; buyers find open ones and reserve with a deposit. */
export default function PresalesPage() {
  const { t, lang } = useI18n();
  const { modal } = App.useApp();
  const handleProblem = useProblemHandler();
  const supplier = useWorkspace() === 'supplier';
  const [creating, setCreating] = useState(false);
  const [reserving, setReserving] = useState<Presale | null>(null);
  const list = useCursorList((cursor, signal) => api.get('/presales', { query: { scope: supplier ? 'mine' : 'open', cursor, limit: 30 }, signal }), [supplier]);
  const act = async (run: () => Promise<unknown>) => {
    try {
      await run();
      list.reload();
    } catch (error) {
      handleProblem(error);
    }
  };
  const cancel = (p: Presale) => {
    let reason = '';
    modal.confirm({
      title: t(common.cancel),
      content: <Input.TextArea maxLength={500} onChange={(e) => (reason = e.target.value)} />,
      onOk: () => act(() => api.post('/presales/{presaleId}/cancel', { params: { presaleId: p.id }, body: { reason: reason.trim() || '—' } })),
    });
  };
  return (
    <div className="page">
      <PageHeader
        title={t(m.presalesTitle)}
        subtitle={t(supplier ? m.presalesSubtitleSupplier : m.presalesSubtitleBuyer)}
        extra={supplier ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t(m.newPresale)}</Button> : null}
      />
      <Card size="small">
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<Presale>
              size="middle"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              locale={{ emptyText: t(m.noPresales) }}
              data-testid="presales-table"
              columns={[
                { title: t(m.title), dataIndex: 'title', render: (v: string, p) => <Space direction="vertical" size={0}><Typography.Text strong>{v}</Typography.Text><Typography.Text type="secondary">{p.itemName}</Typography.Text></Space> },
                { title: t(m.status), dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLORS[s]}>{t(label('presaleStatus_', s))}</Tag> },
                { title: t(m.unitPrice), dataIndex: 'unitPrice', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
                { title: t(m.depositPerUnit), dataIndex: 'depositPerUnit', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
                { title: t(m.available), key: 'avail', align: 'right', render: (_, p) => (p.quantityAvailable === null ? '∞' : `${p.quantityAvailable} ${p.uom}`) },
                { title: t(m.window), key: 'window', render: (_, p) => `${formatDateTime(p.startsAt)} – ${formatDateTime(p.endsAt)}` },
                { title: t(m.deliveryWindow), key: 'delivery', render: (_, p) => `${formatDate(p.deliveryFrom)} – ${formatDate(p.deliveryTo)}` },
                {
                  title: t(common.actions),
                  key: 'actions',
                  render: (_, p) =>
                    supplier ? (
                      <Space size="small">
                        {p.status === 'draft' ? <Button size="small" type="primary" onClick={() => void act(() => api.post('/presales/{presaleId}/open', { params: { presaleId: p.id } }))}>{t(m.open)}</Button> : null}
                        {p.status === 'open' ? <Button size="small" onClick={() => void act(() => api.post('/presales/{presaleId}/close', { params: { presaleId: p.id } }))}>{t(m.stop)}</Button> : null}
                        {p.status !== 'cancelled' ? <Button size="small" danger onClick={() => cancel(p)}>{t(common.cancel)}</Button> : null}
                      </Space>
                    ) : (
                      <Button size="small" type="primary" onClick={() => setReserving(p)} data-testid="reserve">{t(m.reserve)}</Button>
                    ),
                },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
      {creating ? <CreatePresale onClose={() => setCreating(false)} onCreated={() => { setCreating(false); list.reload(); }} /> : null}
      {reserving ? <Reserve presale={reserving} onClose={() => setReserving(null)} onDone={() => { setReserving(null); list.reload(); }} /> : null}
    </div>
  );
}

interface PresaleValues {
  skuId: string;
  title: string;
  unitPrice: string;
  depositPerUnit: string;
  quantityCap?: string;
  minQuantity?: string;
  window: [Dayjs, Dayjs];
  delivery: [Dayjs, Dayjs];
  balanceDueBy: Dayjs;
}

function CreatePresale({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { t } = useI18n();
  const handleProblem = useProblemHandler();
  const [form] = Form.useForm<PresaleValues>();
  const money = [{ required: true, message: t(common.fieldRequired) }, { pattern: /^\d{1,15}(\.\d{1,2})?$/, message: t(common.fieldFormat) }];
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await api.post('/presales', {
        body: {
          skuId: v.skuId.trim(),
          title: v.title,
          unitPrice: v.unitPrice,
          depositPerUnit: v.depositPerUnit,
          quantityCap: v.quantityCap || null,
          minQuantity: v.minQuantity || undefined,
          startsAt: v.window[0].toISOString(),
          endsAt: v.window[1].toISOString(),
          deliveryFrom: v.delivery[0].format('YYYY-MM-DD'),
          deliveryTo: v.delivery[1].format('YYYY-MM-DD'),
          balanceDueBy: v.balanceDueBy.toISOString(),
        },
        idempotencyKey: newKey(),
      });
      onCreated();
    } catch (error) {
      handleProblem(error, form, { rename: { '/startsAt': ['window'], '/endsAt': ['window'], '/deliveryFrom': ['delivery'], '/deliveryTo': ['delivery'] } });
    }
  };
  return (
    <Modal open title={t(m.newPresale)} onCancel={onClose} onOk={() => void submit()} width={640} destroyOnHidden>
      <Form<PresaleValues>
        form={form}
        layout="vertical"
        initialValues={{ window: [dayjs(), dayjs().add(14, 'day')], delivery: [dayjs().add(30, 'day'), dayjs().add(60, 'day')], balanceDueBy: dayjs().add(25, 'day') }}
      >
        <Form.Item name="skuId" label={t(m.skuId)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="title" label={t(m.title)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="unitPrice" label={t(m.unitPrice)} rules={money}><Input prefix="¥" maxLength={18} /></Form.Item>
          <Form.Item name="depositPerUnit" label={t(m.depositPerUnit)} rules={money}><Input prefix="¥" maxLength={18} /></Form.Item>
          <Form.Item name="quantityCap" label={t(common.optionalLabel, { label: t(m.quantityCap) })}><Input maxLength={20} /></Form.Item>
          <Form.Item name="minQuantity" label={t(common.optionalLabel, { label: t(m.minQuantity) })}><Input maxLength={20} /></Form.Item>
        </Space>
        <Form.Item name="window" label={t(m.window)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="delivery" label={t(m.deliveryWindow)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="balanceDueBy" label={t(m.balanceDueBy)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Reserve({ presale, onClose, onDone }: { presale: Presale; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const [form] = Form.useForm<{ quantity: string; bankReference: string; deliveryAddress?: string }>();
  const quantity = Form.useWatch('quantity', form) ?? '';
  // Deposit = quantity × deposit per unit, rounded half up to cents (as the server does), by string arithmetic.
  const due = (() => {
    const match = /^(\d{1,12})(?:\.(\d{1,3}))?$/.exec(quantity.trim());
    const per = toCents(presale.depositPerUnit);
    if (!match || per === null) return null;
    const milli = BigInt(match[1]!) * 1000n + BigInt((match[2] ?? '').padEnd(3, '0'));
    return fromCents((per * milli + 500n) / 1000n);
  })();
  const submit = async () => {
    const v = await form.validateFields();
    if (!due) return;
    try {
      await api.post('/presales/{presaleId}/orders', { params: { presaleId: presale.id }, body: { quantity: v.quantity.trim(), amount: due, bankReference: v.bankReference, deliveryAddress: v.deliveryAddress || null } });
      void message.success(t(common.saved));
      onDone();
    } catch (error) {
      handleProblem(error, form);
    }
  };
  return (
    <Modal open title={`${t(m.reserve)} · ${presale.title}`} onCancel={onClose} onOk={() => void submit()} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ quantity: presale.minQuantity }}>
        <Form.Item name="quantity" label={`${t(m.quantity)} (${presale.uom})`} rules={[{ required: true, message: t(common.fieldRequired) }, { pattern: /^\d{1,12}(\.\d{1,3})?$/, message: t(common.fieldFormat) }]}>
          <Input maxLength={20} />
        </Form.Item>
        <Typography.Paragraph strong>{due ? t(m.depositDue, { amount: formatMoney(due, 'CNY', lang) }) : '—'}</Typography.Paragraph>
        <Form.Item name="bankReference" label={t(m.bankReference)} rules={[{ required: true, message: t(common.fieldRequired) }, { pattern: /^[A-Za-z0-9_./:-]{1,100}$/, message: t(common.fieldFormat) }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="deliveryAddress" label={t(common.optionalLabel, { label: t(m.deliveryAddress) })}>
          <Input maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
