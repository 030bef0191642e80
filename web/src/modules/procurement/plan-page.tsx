import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Modal, Popconfirm, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, isProblem } from '../../platform/api.ts';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useSession } from '../../platform/session.tsx';
import { useApiData, useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import { BASE, categoryTree, filterCategory, label, useCategories, type BudgetLine, type Movement } from './api.ts';
import { m } from './messages.ts';
import { BudgetBar } from './parts.tsx';

const AMOUNT = /^\d{1,15}(\.\d{1,2})?$/;

/** One plan: its budget lines with committed / spent / remaining bars, and their movements. */
export default function PlanPage() {
  const { planId = '' } = useParams();
  const { t, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const plan = useApiData((signal) => api.get('/procurement/plans/{planId}', { params: { planId }, signal }), [planId]);
  const categories = useCategories();
  const [editing, setEditing] = useState<BudgetLine | 'new' | null>(null);
  const [movementsOf, setMovementsOf] = useState<BudgetLine | null>(null);
  const manage = can('procurement.plans.manage');
  const names = new Map((categories.data ?? []).map((c) => [c.code, c.name]));

  if (plan.error) return <LoadError error={plan.error} onRetry={plan.reload} />;
  if (!plan.data) return <PageLoading />;
  const p = plan.data;
  const changeStatus = async (command: 'close' | 'reopen') => {
    try {
      await api.post(command === 'close' ? '/procurement/plans/{planId}/close' : '/procurement/plans/{planId}/reopen', { params: { planId }, body: { version: p.version } });
      void message.success(t(common.saved));
      plan.reload();
    } catch (error) {
      onProblem(error);
      if (isProblem(error) && error.status === 409) plan.reload();
    }
  };

  return (
    <div className="page">
      <PageHeader
        back={<Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(`${BASE}/plans`)} aria-label={t(common.back)} />}
        title={p.name}
        subtitle={`${t(label('periodType_', p.periodType))} · ${p.periodStart} ~ ${p.periodEnd}`}
        extra={
          manage ? (
            <Space>
              {p.status === 'active' ? (
                <Popconfirm title={t(m.closePlanConfirm)} onConfirm={() => changeStatus('close')} okText={t(common.confirm)} cancelText={t(common.cancel)}>
                  <Button data-testid="close-plan">{t(m.closePlan)}</Button>
                </Popconfirm>
              ) : (
                <Button onClick={() => changeStatus('reopen')}>{t(m.reopenPlan)}</Button>
              )}
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} disabled={p.status !== 'active'} data-testid="add-budget-line">
                {t(m.addBudgetLine)}
              </Button>
            </Space>
          ) : null
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t(common.status)}>
            <Tag color={p.status === 'active' ? 'green' : 'default'}>{t(label('planStatus_', p.status))}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t(m.amount)}>{formatMoney(p.totals.amount, 'CNY', lang)}</Descriptions.Item>
          <Descriptions.Item label={t(m.notes)}>{p.notes || '—'}</Descriptions.Item>
        </Descriptions>
        <BudgetBar {...p.totals} />
      </Card>
      <Card size="small" title={t(m.budgetLines)}>
        <Table<BudgetLine>
          size="middle"
          rowKey="id"
          dataSource={p.budgetLines}
          pagination={false}
          data-testid="budget-lines-table"
          columns={[
            {
              title: t(m.lineCode),
              key: 'code',
              render: (_, l) => (
                <div>
                  <Typography.Text strong className="mono">
                    {l.code}
                  </Typography.Text>
                  <div className="cell-sub">{l.orgUnit}</div>
                </div>
              ),
            },
            {
              title: t(m.category),
              dataIndex: 'categoryCode',
              render: (code: string | null) => (code ? `${code} ${names.get(code) ?? ''}` : <Typography.Text type="secondary">{t(m.anyCategory)}</Typography.Text>),
            },
            { title: t(m.period), key: 'period', width: 190, render: (_, l) => `${l.periodStart} ~ ${l.periodEnd}` },
            { title: t(m.amount), dataIndex: 'amount', align: 'right', width: 150, render: (v: string) => formatMoney(v, 'CNY', lang) },
            { title: t(m.usage), key: 'usage', width: 380, render: (_, l) => <BudgetBar {...l} /> },
            {
              title: t(common.actions),
              key: 'actions',
              width: 150,
              render: (_, l) => (
                <Space size={0}>
                  <Button size="small" type="link" onClick={() => setMovementsOf(l)}>
                    {t(m.movements)}
                  </Button>
                  {manage ? (
                    <Button size="small" type="link" onClick={() => setEditing(l)}>
                      {t(common.edit)}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <BudgetLineModal
        planId={planId}
        line={editing}
        categories={categoryTree(categories.data ?? [])}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          plan.reload();
        }}
      />
      <Drawer open={Boolean(movementsOf)} onClose={() => setMovementsOf(null)} title={movementsOf ? `${t(m.movements)} · ${movementsOf.code}` : ''} size={720} destroyOnHidden>
        {movementsOf ? <Movements line={movementsOf} /> : null}
      </Drawer>
    </div>
  );
}

interface LineValues {
  code: string;
  orgUnit: string;
  categoryCode?: string | null;
  amount: string;
  period?: [dayjs.Dayjs, dayjs.Dayjs];
}

function BudgetLineModal({ planId, line, categories, onClose, onSaved }: { planId: string; line: BudgetLine | 'new' | null; categories: ReturnType<typeof categoryTree>; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<LineValues>();
  const [saving, setSaving] = useState(false);
  const onProblem = useProblemHandler();
  const isNew = line === 'new';
  const submit = async (values: LineValues) => {
    setSaving(true);
    try {
      if (line === 'new') {
        await api.post('/procurement/plans/{planId}/budget-lines', {
          params: { planId },
          body: {
            code: values.code,
            orgUnit: values.orgUnit,
            categoryCode: values.categoryCode || null,
            amount: values.amount,
            ...(values.period ? { periodStart: values.period[0].format('YYYY-MM-DD'), periodEnd: values.period[1].format('YYYY-MM-DD') } : {}),
          },
        });
      } else if (line) {
        await api.patch('/procurement/budget-lines/{budgetLineId}', {
          params: { budgetLineId: line.id },
          body: { orgUnit: values.orgUnit, categoryCode: values.categoryCode || null, amount: values.amount, version: line.version },
        });
      }
      onSaved();
    } catch (error) {
      onProblem(error, form, { rename: { '/periodStart': ['period'], '/periodEnd': ['period'] } });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={line !== null}
      title={t(isNew ? m.addBudgetLine : m.editBudgetLine)}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t(common.save)}
      cancelText={t(common.cancel)}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
       
        initialValues={line && line !== 'new' ? { code: line.code, orgUnit: line.orgUnit, categoryCode: line.categoryCode, amount: line.amount } : {}}
      >
        <Form.Item name="code" label={t(m.lineCode)} rules={[{ required: true, message: t(common.fieldRequired) }, { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, message: t(common.fieldFormat) }]}>
          <Input disabled={!isNew} className="mono" placeholder="JS-2026-CABLE" data-testid="line-code" />
        </Form.Item>
        <Form.Item name="orgUnit" label={t(m.orgUnit)} rules={[{ required: true, message: t(common.fieldRequired) }, { max: 100 }]}>
          <Input data-testid="line-unit" />
        </Form.Item>
        <Form.Item name="categoryCode" label={t(common.optionalLabel, { label: t(m.category) })}>
          <TreeSelect treeData={categories} allowClear showSearch filterTreeNode={filterCategory} placeholder={t(m.anyCategory)} />
        </Form.Item>
        <Form.Item name="amount" label={t(m.amount)} rules={[{ required: true, message: t(common.fieldRequired) }, { pattern: AMOUNT, message: t(common.fieldFormat) }]}>
          <Input prefix="¥" inputMode="decimal" data-testid="line-amount" />
        </Form.Item>
        {isNew ? (
          <Form.Item name="period" label={t(common.optionalLabel, { label: t(m.period) })}>
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

function Movements({ line }: { line: BudgetLine }) {
  const { t, lang } = useI18n();
  const list = useCursorList((cursor, signal) => api.get('/procurement/budget-lines/{budgetLineId}/movements', { params: { budgetLineId: line.id }, query: { cursor, limit: 50 }, signal }), [line.id]);
  if (list.error && !list.items.length) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <>
      <Table<Movement>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: t(common.createdAt), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
          { title: t(m.lineKind), dataIndex: 'kind', width: 90, render: (k: string) => t(label('movementKind_', k)) },
          {
            title: t(m.reference),
            key: 'ref',
            render: (_, mv) =>
              mv.referenceType === 'requisition' ? (
                <Link to={`${BASE}/requisitions/${mv.referenceId}`}>{t(label('referenceType_', mv.referenceType))}</Link>
              ) : (
                <span>
                  {t(label('referenceType_', mv.referenceType))} <span className="cell-sub mono">{mv.referenceId}</span>
                </span>
              ),
          },
          { title: t(m.committedDelta), dataIndex: 'committedDelta', align: 'right', render: (v: string) => formatMoney(v, line.currency, lang) },
          { title: t(m.spentDelta), dataIndex: 'spentDelta', align: 'right', render: (v: string) => formatMoney(v, line.currency, lang) },
        ]}
      />
      <LoadMore list={list} />
    </>
  );
}
