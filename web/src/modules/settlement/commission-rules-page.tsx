import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../platform/api.ts';
import { formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { label, moneyInput, type Rule } from './api.ts';
import { m } from './messages.ts';

const TIERS = ['registered', 'admitted', 'strategic'] as const;

interface RuleForm {
  name: string;
  categoryCode?: string;
  supplierTier?: string;
  rate: string;
  minAmount?: string;
  maxAmount?: string;
  priority?: number;
  active?: boolean;
}

/** Platform finance: commission rules (category prefix, supplier tier, rate, min/max per order) and a calculator. */
export default function CommissionRulesPage() {
  const { t, lang } = useI18n();
  const rules = useApiData((signal) => api.get('/platform/commission-rules', { signal }), []);
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);

  return (
    <div className="page">
      <PageHeader
        title={t(m.commissionTitle)}
        subtitle={t(m.commissionSubtitle)}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-rule">
            {t(m.newRule)}
          </Button>
        }
      />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          {rules.error ? (
            <LoadError error={rules.error} onRetry={rules.reload} />
          ) : (
            <Table<Rule>
              size="middle"
              rowKey="id"
              loading={rules.loading}
              dataSource={rules.data?.items ?? []}
              pagination={false}
              rowClassName={() => 'clickable-row'}
              onRow={(r) => ({ onClick: () => setEditing(r) })}
              data-testid="rules-table"
              columns={[
                { title: t(m.ruleName), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
                { title: t(m.categoryPrefix), dataIndex: 'categoryCode', width: 140, render: (v: string | null) => (v ? <span className="mono">{v}</span> : t(m.anyCategory)) },
                { title: t(m.supplierTier), dataIndex: 'supplierTier', width: 120, render: (v: string | null) => (v ? t(label('tier_', v)) : t(m.anyTier)) },
                { title: t(m.rate), dataIndex: 'rate', width: 100, align: 'right', render: (v: string) => `${(Number(v) * 100).toFixed(2)}%` },
                { title: t(m.minAmount), dataIndex: 'minAmount', width: 130, align: 'right', render: (v: string | null) => (v ? formatMoney(v, 'CNY', lang) : '—') },
                { title: t(m.maxAmount), dataIndex: 'maxAmount', width: 130, align: 'right', render: (v: string | null) => (v ? formatMoney(v, 'CNY', lang) : '—') },
                { title: t(m.priority), dataIndex: 'priority', width: 90, align: 'right' },
                { title: t(common.status), dataIndex: 'active', width: 90, render: (v: boolean) => <Tag color={v ? 'success' : 'default'}>{t(v ? m.active : m.inactive)}</Tag> },
              ]}
            />
          )}
        </Card>
        <PreviewCard />
      </Space>
      <RuleModal
        rule={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          rules.reload();
        }}
      />
    </div>
  );
}

function RuleModal({ rule, onClose, onSaved }: { rule: Rule | 'new' | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<RuleForm>();
  const [saving, setSaving] = useState(false);
  const existing = rule && rule !== 'new' ? rule : null;

  const submit = async (values: RuleForm) => {
    setSaving(true);
    const body = {
      name: values.name.trim(),
      categoryCode: values.categoryCode?.trim() || null,
      supplierTier: values.supplierTier || null,
      rate: values.rate.trim(),
      minAmount: values.minAmount ? moneyInput(values.minAmount) : null,
      maxAmount: values.maxAmount ? moneyInput(values.maxAmount) : null,
      priority: values.priority ?? 100,
      active: values.active ?? true,
    };
    try {
      if (existing) await api.patch('/platform/commission-rules/{ruleId}', { params: { ruleId: existing.id }, body: { ...body, version: existing.version } });
      else await api.post('/platform/commission-rules', { body });
      void message.success(t(common.saved));
      onSaved();
    } catch (error) {
      onProblem(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={rule !== null} title={t(existing ? m.editRule : m.newRule)} onCancel={onClose} onOk={() => form.submit()} okText={t(common.save)} cancelText={t(common.cancel)} confirmLoading={saving} destroyOnHidden>
      <Form<RuleForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={
          existing
            ? { ...existing, categoryCode: existing.categoryCode ?? undefined, supplierTier: existing.supplierTier ?? undefined, minAmount: existing.minAmount ?? undefined, maxAmount: existing.maxAmount ?? undefined }
            : { priority: 100, active: true, rate: '0.0100' }
        }
      >
        <Form.Item name="name" label={t(m.ruleName)} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
          <Input data-testid="rule-name" />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item name="categoryCode" label={t(m.categoryPrefix)} rules={[{ pattern: /^\d{2,12}$/, message: t(common.fieldFormat) }]}>
            <Input className="mono" placeholder={t(m.anyCategory)} style={{ width: 180 }} data-testid="rule-category" />
          </Form.Item>
          <Form.Item name="supplierTier" label={t(m.supplierTier)}>
            <Select allowClear placeholder={t(m.anyTier)} style={{ width: 180 }} options={TIERS.map((tier) => ({ value: tier, label: t(label('tier_', tier)) }))} />
          </Form.Item>
        </Space>
        <Space size={16} wrap>
          <Form.Item name="rate" label={t(m.rate)} tooltip={t(m.rateHint)} rules={[{ required: true }, { pattern: /^0(\.\d{1,4})?$/, message: t(m.rateHint) }]}>
            <Input style={{ width: 140 }} data-testid="rule-rate" />
          </Form.Item>
          <Form.Item name="minAmount" label={t(m.minAmount)} rules={[{ pattern: /^\d{1,15}(\.\d{1,2})?$/, message: t(common.fieldFormat) }]}>
            <Input prefix="¥" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="maxAmount" label={t(m.maxAmount)} rules={[{ pattern: /^\d{1,15}(\.\d{1,2})?$/, message: t(common.fieldFormat) }]}>
            <Input prefix="¥" style={{ width: 140 }} />
          </Form.Item>
        </Space>
        <Space size={16} wrap>
          <Form.Item name="priority" label={t(m.priority)} tooltip={t(m.priorityHint)}>
            <InputNumber min={0} max={10000} precision={0} />
          </Form.Item>
          <Form.Item name="active" label={t(m.active)} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function PreviewCard() {
  const { t, lang } = useI18n();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ categoryCode?: string; supplierTier?: string; subtotal: string }>();
  const [result, setResult] = useState<string | null>(null);
  const run = async (values: { categoryCode?: string; supplierTier?: string; subtotal: string }) => {
    try {
      const r = await api.get('/platform/commission-preview', { query: { categoryCode: values.categoryCode?.trim() || undefined, supplierTier: values.supplierTier || undefined, subtotal: moneyInput(values.subtotal) } });
      setResult(r.rule ? t(m.previewResult, { rule: r.rule.name, amount: formatMoney(r.commission, 'CNY', lang) }) : t(m.previewNone));
    } catch (error) {
      onProblem(error, form);
    }
  };
  return (
    <Card size="small" title={t(m.previewTitle)}>
      <Form form={form} layout="inline" onFinish={run}>
        <Form.Item name="categoryCode" rules={[{ pattern: /^\d{2,12}$/, message: t(common.fieldFormat) }]}>
          <Input className="mono" placeholder={t(m.categoryPrefix)} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="supplierTier">
          <Select allowClear placeholder={t(m.anyTier)} style={{ width: 140 }} options={TIERS.map((tier) => ({ value: tier, label: t(label('tier_', tier)) }))} />
        </Form.Item>
        <Form.Item name="subtotal" rules={[{ required: true }, { pattern: /^\d{1,15}(\.\d{1,2})?$/, message: t(common.fieldFormat) }]}>
          <Input prefix="¥" placeholder={t(m.subtotal)} style={{ width: 180 }} />
        </Form.Item>
        <Button htmlType="submit">{t(common.search)}</Button>
      </Form>
      {result ? (
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }} data-testid="preview-result">
          {result}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}
