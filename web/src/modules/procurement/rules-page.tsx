import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Table, Tag, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, isProblem } from '../../platform/api.ts';
import { formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useSession } from '../../platform/session.tsx';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { APPROVER_ROLES, categoryTree, filterCategory, label, useCategories, useColleagues, type Colleague, type Rule } from './api.ts';
import { m } from './messages.ts';

const AMOUNT = /^\d{1,15}(\.\d{1,2})?$/;
const SHARE = /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/;

/** Approval rules in matching order; admins add and change them. */
export default function RulesPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const manage = can('procurement.rules.manage');
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const colleagues = useColleagues();
  const names = new Map((colleagues.data ?? []).map((u) => [u.id, u.name]));
  const list = useCursorList((cursor, signal) => api.get('/procurement/approval-rules', { query: { cursor, limit: 50, includeInactive: true }, signal }), []);

  const conditions = (r: Rule) => {
    const parts: string[] = [];
    if (r.minAmount || r.maxAmount) {
      const range = r.minAmount && r.maxAmount ? `${formatMoney(r.minAmount, 'CNY', lang)} ~ ${formatMoney(r.maxAmount, 'CNY', lang)}` : r.minAmount ? `≥ ${formatMoney(r.minAmount, 'CNY', lang)}` : `< ${formatMoney(r.maxAmount, 'CNY', lang)}`;
      parts.push(t(m.amountRange, { range }));
    }
    if (r.categoryCode) parts.push(t(m.categoryPrefix, { code: r.categoryCode }));
    if (r.budgetRemainingBelow) parts.push(t(m.budgetBelow, { share: `${Number(r.budgetRemainingBelow) * 100}%` }));
    return parts.length ? parts.map((p) => <Tag key={p}>{p}</Tag>) : <Typography.Text type="secondary">{t(m.always)}</Typography.Text>;
  };

  return (
    <div className="page">
      <PageHeader
        title={t(m.rulesTitle)}
        subtitle={t(m.rulesSubtitle)}
        extra={
          manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-rule">
              {t(m.newRule)}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<Rule>
              size="middle"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              locale={{ emptyText: t(m.noRules) }}
              data-testid="rules-table"
              columns={[
                { title: t(m.priority), dataIndex: 'priority', width: 80 },
                {
                  title: t(m.ruleName),
                  key: 'name',
                  render: (_, r) => (
                    <Space>
                      <Typography.Text strong>{r.name}</Typography.Text>
                      {r.active ? null : <Tag>{t(m.inactive)}</Tag>}
                    </Space>
                  ),
                },
                { title: t(m.conditions), key: 'conditions', render: (_, r) => conditions(r) },
                {
                  title: t(m.steps),
                  key: 'steps',
                  render: (_, r) => (
                    <ol style={{ margin: 0, paddingLeft: 18 }}>
                      {r.steps.map((s, i) => (
                        <li key={i}>
                          {[...s.roles.map((role) => t(label('role_', role))), ...(s.userIds ?? []).map((id) => names.get(id) ?? id)].join(' / ')}{' '}
                          <Typography.Text type="secondary">({t(label('mode_', s.mode))})</Typography.Text>
                        </li>
                      ))}
                    </ol>
                  ),
                },
                ...(manage
                  ? [
                      {
                        title: t(common.actions),
                        key: 'actions',
                        width: 90,
                        render: (_: unknown, r: Rule) => (
                          <Button size="small" type="link" onClick={() => setEditing(r)}>
                            {t(common.edit)}
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
      <RuleModal
        rule={editing}
        colleagues={colleagues.data ?? []}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
    </div>
  );
}

interface StepValues {
  roles?: string[];
  userIds?: string[];
  mode: 'any' | 'all';
  remindAfterHours?: number | null;
}
interface RuleValues {
  name: string;
  priority: number;
  minAmount?: string;
  maxAmount?: string;
  categoryCode?: string | null;
  budgetRemainingBelow?: string;
  active: boolean;
  steps: StepValues[];
}

function RuleModal({ rule, colleagues, onClose, onSaved }: { rule: Rule | 'new' | null; colleagues: Colleague[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleValues>();
  const [saving, setSaving] = useState(false);
  const onProblem = useProblemHandler();
  const categories = useCategories();
  const tree = useMemo(() => categoryTree(categories.data ?? []), [categories.data]);
  const existing = rule && rule !== 'new' ? rule : null;
  const initial: RuleValues = existing
    ? {
        name: existing.name,
        priority: existing.priority,
        minAmount: existing.minAmount ?? undefined,
        maxAmount: existing.maxAmount ?? undefined,
        categoryCode: existing.categoryCode,
        budgetRemainingBelow: existing.budgetRemainingBelow ?? undefined,
        active: existing.active,
        steps: existing.steps.map((s) => ({ roles: s.roles, userIds: s.userIds, mode: s.mode as 'any' | 'all', remindAfterHours: s.remindAfterHours ?? null })),
      }
    : { name: '', priority: 100, active: true, steps: [{ roles: ['approver'], mode: 'any' }] };

  const submit = async (v: RuleValues) => {
    setSaving(true);
    const body = {
      name: v.name.trim(),
      priority: v.priority,
      minAmount: v.minAmount || null,
      maxAmount: v.maxAmount || null,
      categoryCode: v.categoryCode || null,
      budgetRemainingBelow: v.budgetRemainingBelow || null,
      active: v.active,
      steps: v.steps.map((s) => ({
        roles: s.roles ?? [],
        mode: s.mode,
        ...(s.userIds?.length ? { userIds: s.userIds } : {}),
        ...(s.remindAfterHours !== null && s.remindAfterHours !== undefined ? { remindAfterHours: s.remindAfterHours } : {}),
      })),
    };
    try {
      if (existing) await api.patch('/procurement/approval-rules/{ruleId}', { params: { ruleId: existing.id }, body: { ...body, version: existing.version } });
      else await api.post('/procurement/approval-rules', { body });
      void message.success(t(common.saved));
      onSaved();
    } catch (error) {
      onProblem(error, form);
      if (isProblem(error) && (error.status === 409 || error.status === 412)) onSaved();
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={rule !== null}
      title={t(existing ? m.editRule : m.newRule)}
      width={900}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t(common.save)}
      cancelText={t(common.cancel)}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={initial}>
        <Row gutter={12}>
          <Col span={16}>
            <Form.Item name="name" label={t(m.ruleName)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 100 }]}>
              <Input data-testid="rule-name" />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item name="priority" label={t(m.priority)} tooltip={t(m.priorityHelp)} rules={[{ required: true }]}>
              <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={3}>
            <Form.Item name="active" label={t(m.active)} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="minAmount" label={t(m.minAmount)} rules={[{ pattern: AMOUNT, message: t(common.fieldFormat) }]}>
              <Input prefix="¥" inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="maxAmount" label={t(m.maxAmount)} rules={[{ pattern: AMOUNT, message: t(common.fieldFormat) }]}>
              <Input prefix="¥" inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="budgetRemainingBelow" label={t(m.budgetRemainingBelow)} tooltip={t(m.budgetRemainingHelp)} rules={[{ pattern: SHARE, message: t(common.fieldFormat) }]}>
              <Input placeholder="0.2" inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="categoryCode" label={t(common.optionalLabel, { label: t(m.category) })}>
              <TreeSelect treeData={tree} allowClear showSearch filterTreeNode={filterCategory} placeholder={t(m.anyCategory)} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t(m.steps)}</Typography.Title>
        <Form.List name="steps">
          {(fields, { add, remove }) => (
            <>
              <Row gutter={8} style={{ marginBottom: 4 }}>
                {[[2, ''], [7, t(m.roles)], [6, t(m.users)], [4, t(m.mode)], [4, t(m.remindAfterHours)]].map(([span, text], i) => (
                  <Col key={i} span={span as number}>
                    <Typography.Text type="secondary">{text}</Typography.Text>
                  </Col>
                ))}
              </Row>
              {fields.map((field, i) => (
                <Row key={field.key} gutter={8} align="top">
                  <Col span={2} style={{ paddingTop: 6 }}>
                    <Tag>{t(m.level, { n: i + 1 })}</Tag>
                  </Col>
                  <Col span={7}>
                    <Form.Item name={[field.name, 'roles']}>
                      <Select mode="multiple" placeholder={t(m.roles)} options={APPROVER_ROLES.map((r) => ({ value: r, label: t(label('role_', r)) }))} data-testid={`step-${i}-roles`} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name={[field.name, 'userIds']}>
                      <Select mode="multiple" allowClear placeholder={t(m.users)} options={colleagues.map((u) => ({ value: u.id, label: u.name }))} optionFilterProp="label" />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item name={[field.name, 'mode']}>
                      <Select options={(['any', 'all'] as const).map((v) => ({ value: v, label: t(label('modeShort_', v)) }))} />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item name={[field.name, 'remindAfterHours']}>
                      <InputNumber min={0} max={720} precision={0} placeholder="24" style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={1}>
                    <Button type="text" danger icon={<DeleteOutlined />} disabled={fields.length <= 1} onClick={() => remove(field.name)} aria-label={t(m.removeLine)} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ roles: ['org_admin'], mode: 'any' })} disabled={fields.length >= 10}>
                {t(m.addStep)}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
