import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useSession } from '../../platform/session.tsx';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { moneyInput, type Payout } from './api.ts';
import { m } from './messages.ts';

/** Payouts: what a supplier was paid; platform finance pays suppliers out of their payable. */
export default function PayoutsPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const operator = useLocation().pathname.startsWith('/operator');
  const [open, setOpen] = useState(false);
  const list = useCursorList((cursor, signal) => api.get('/payouts', { query: { cursor, limit: 50 }, signal }), []);
  return (
    <div className="page">
      <PageHeader
        title={t(m.payoutsTitle)}
        subtitle={t(operator ? m.payoutsSubtitleOperator : m.payoutsSubtitleSupplier)}
        extra={
          operator && can('platform.settlement.payouts.create') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="new-payout">
              {t(m.newPayout)}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<Payout>
              size="middle"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              data-testid="payouts-table"
              columns={[
                { title: t(common.createdAt), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
                ...(operator ? [{ title: t(m.supplierOrgId), dataIndex: 'supplierOrgId', render: (v: string) => <span className="mono">{v}</span> }] : []),
                { title: t(m.reference), dataIndex: 'reference', render: (v: string | null) => v ?? '—' },
                { title: t(m.amount), dataIndex: 'amount', width: 170, align: 'right' as const, render: (v: string, p: Payout) => formatMoney(v, p.currency, lang) },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
      <PayoutModal
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

function PayoutModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ supplierOrgId: string; amount: string; reference?: string }>();
  const [payable, setPayable] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [key, setKey] = useState('');
  useEffect(() => {
    if (open) {
      setPayable(null);
      setKey(crypto.randomUUID());
    }
  }, [open]);

  const check = async () => {
    const owner = String(form.getFieldValue('supplierOrgId') ?? '').trim();
    if (!owner) return;
    const balances = await api.get('/ledger/balances', { query: { owner } });
    const found = balances.items.find((b) => b.purpose === 'supplier_payable');
    setPayable(found?.available ?? '0.00');
    if (found) form.setFieldValue('amount', found.available);
  };

  const submit = async (values: { supplierOrgId: string; amount: string; reference?: string }) => {
    setSaving(true);
    try {
      await api.post('/platform/payouts', { idempotencyKey: key, body: { supplierOrgId: values.supplierOrgId.trim(), amount: moneyInput(values.amount), reference: values.reference?.trim() || undefined } });
      void message.success(t(m.payoutDone));
      onDone();
    } catch (error) {
      onProblem(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={t(m.newPayout)} onCancel={onClose} onOk={() => form.submit()} okText={t(common.confirm)} cancelText={t(common.cancel)} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item label={t(m.supplierOrgId)} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="supplierOrgId" noStyle rules={[{ required: true, whitespace: true }, { max: 64 }]}>
              <Input className="mono" data-testid="payout-supplier" />
            </Form.Item>
            <Button onClick={() => void check()}>{t(m.checkPayable)}</Button>
          </Space.Compact>
        </Form.Item>
        {payable !== null ? (
          <Typography.Paragraph>
            {t(m.payable)}: <Typography.Text strong>{formatMoney(payable, 'CNY', lang)}</Typography.Text>
          </Typography.Paragraph>
        ) : null}
        <Form.Item name="amount" label={t(m.amount)} rules={[{ required: true }, { pattern: /^\d{1,15}(\.\d{1,2})?$/, message: t(common.fieldFormat) }]}>
          <Input prefix="¥" inputMode="decimal" data-testid="payout-amount" />
        </Form.Item>
        <Form.Item name="reference" label={t(common.optionalLabel, { label: t(m.reference) })} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
