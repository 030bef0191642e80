import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useSession } from '../../platform/session.tsx';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { BASE, label, type PlanRow } from './api.ts';
import { m } from './messages.ts';
import { BudgetBar } from './parts.tsx';

/** Procurement plans with their totals; finance creates plans here. */
export default function PlansPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const list = useCursorList((cursor, signal) => api.get('/procurement/plans', { query: { cursor, limit: 50 }, signal }), []);
  const manage = can('procurement.plans.manage');

  return (
    <div className="page">
      <PageHeader
        title={t(m.plansTitle)}
        subtitle={t(m.plansSubtitle)}
        extra={
          manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-plan">
              {t(m.newPlan)}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<PlanRow>
              size="middle"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              locale={{ emptyText: t(m.noPlans) }}
              rowClassName={() => 'clickable-row'}
              onRow={(plan) => ({ onClick: () => navigate(`${BASE}/plans/${plan.id}`) })}
              data-testid="plans-table"
              columns={[
                {
                  title: t(m.planName),
                  key: 'name',
                  render: (_, p) => (
                    <div>
                      <Typography.Text strong>{p.name}</Typography.Text>
                      <div className="cell-sub">
                        {t(label('periodType_', p.periodType))} · {p.periodStart} ~ {p.periodEnd}
                      </div>
                    </div>
                  ),
                },
                { title: t(common.status), dataIndex: 'status', width: 100, render: (s: string) => <Tag color={s === 'active' ? 'green' : 'default'}>{t(label('planStatus_', s))}</Tag> },
                { title: t(m.amount), key: 'amount', width: 160, align: 'right', render: (_, p) => formatMoney(p.totals.amount, 'CNY', lang) },
                { title: t(m.usage), key: 'usage', width: 420, render: (_, p) => <BudgetBar {...p.totals} /> },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
      <NewPlanModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          navigate(`${BASE}/plans/${id}`);
        }}
      />
    </div>
  );
}

interface PlanValues {
  name: string;
  periodType: 'annual' | 'quarterly' | 'monthly';
  periodStart: dayjs.Dayjs;
  notes?: string;
}

function NewPlanModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanValues>();
  const [saving, setSaving] = useState(false);
  const onProblem = useProblemHandler();
  const submit = async (values: PlanValues) => {
    setSaving(true);
    try {
      const plan = await api.post('/procurement/plans', {
        body: { name: values.name, periodType: values.periodType, periodStart: values.periodStart.format('YYYY-MM-DD'), notes: values.notes || null },
      });
      void message.success(t(common.saved));
      form.resetFields();
      onCreated(plan.id);
    } catch (error) {
      onProblem(error, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t(m.newPlan)} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t(common.save)} cancelText={t(common.cancel)} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ periodType: 'annual', periodStart: dayjs().startOf('year') }}>
        <Form.Item name="name" label={t(m.planName)} rules={[{ required: true, message: t(common.fieldRequired) }, { max: 100 }]}>
          <Input data-testid="plan-name" />
        </Form.Item>
        <Form.Item name="periodType" label={t(m.periodType)} rules={[{ required: true }]}>
          <Select options={(['annual', 'quarterly', 'monthly'] as const).map((v) => ({ value: v, label: t(label('periodType_', v)) }))} />
        </Form.Item>
        <Form.Item name="periodStart" label={t(m.periodStart)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="notes" label={t(common.optionalLabel, { label: t(m.notes) })} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Typography.Text type="secondary">{t(m.budgetLinesHint)}</Typography.Text>
      </Form>
    </Modal>
  );
}
