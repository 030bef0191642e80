import { App, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../platform/api.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { moneyInput } from './api.ts';
import { m } from './messages.ts';

export interface PaymentDraft {
  purpose: 'escrow' | 'invoice';
  orderId?: string;
  invoiceId?: string;
  amount?: string;
  bankReference?: string;
  note?: string;
}

/**
 * Records a transfer (buyer finance). Sent with an Idempotency-Key per opened form, so a double
 * click or a retry after a lost answer books it once; the bank reference does the same across forms.
 */
export function PaymentModal({ open, initial, onClose, onDone }: { open: boolean; initial?: PaymentDraft; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<PaymentDraft>();
  const [saving, setSaving] = useState(false);
  const [key, setKey] = useState('');
  const purpose = Form.useWatch('purpose', form);

  useEffect(() => {
    if (open) {
      form.setFieldsValue({ purpose: 'escrow', ...initial });
      setKey(crypto.randomUUID());
    }
  }, [open]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = async (values: PaymentDraft) => {
    setSaving(true);
    try {
      await api.post('/payments', {
        idempotencyKey: key,
        body: {
          purpose: values.purpose,
          orderId: values.purpose === 'escrow' ? values.orderId?.trim() : undefined,
          invoiceId: values.purpose === 'invoice' ? values.invoiceId?.trim() : undefined,
          amount: moneyInput(values.amount),
          bankReference: values.bankReference!.trim(),
          note: values.note?.trim() || undefined,
        },
      });
      void message.success(t(m.paymentRecorded));
      onDone();
    } catch (error) {
      onProblem(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={t(m.recordPayment)} onCancel={onClose} onOk={() => form.submit()} okText={t(common.save)} cancelText={t(common.cancel)} confirmLoading={saving} destroyOnHidden okButtonProps={{ 'data-testid': 'payment-ok' } as never}>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="purpose" label={t(m.purpose)} rules={[{ required: true }]}>
          <Select options={(['escrow', 'invoice'] as const).map((p) => ({ value: p, label: t(m[`purpose_${p}`]) }))} data-testid="payment-purpose" />
        </Form.Item>
        {purpose === 'invoice' ? (
          <Form.Item name="invoiceId" label={t(m.invoiceId)} rules={[{ required: true, whitespace: true }, { max: 64 }]}>
            <Input className="mono" data-testid="payment-invoice" />
          </Form.Item>
        ) : (
          <Form.Item name="orderId" label={t(m.orderId)} rules={[{ required: true, whitespace: true }, { max: 64 }]}>
            <Input className="mono" data-testid="payment-order" />
          </Form.Item>
        )}
        <Form.Item name="amount" label={t(m.amount)} rules={[{ required: true }, { pattern: /^\d{1,15}(\.\d{1,2})?$/, message: t(common.fieldFormat) }]}>
          <Input prefix="¥" inputMode="decimal" data-testid="payment-amount" />
        </Form.Item>
        <Form.Item name="bankReference" label={t(m.bankReference)} rules={[{ required: true, whitespace: true }, { max: 64 }, { pattern: /^[0-9A-Za-z_./-]+$/, message: t(common.fieldFormat) }]}>
          <Input className="mono" data-testid="payment-reference" />
        </Form.Item>
        <Form.Item name="note" label={t(common.optionalLabel, { label: t(m.note) })} rules={[{ max: 500 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
