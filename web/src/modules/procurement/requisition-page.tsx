import { ArrowLeftOutlined, EditOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, isProblem } from '../../platform/api.ts';
import { formatDate, formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useMe, useSession } from '../../platform/session.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import { BASE, compare, type Requisition, type RequisitionLine } from './api.ts';
import { DecisionButtons } from './decision.tsx';
import { m } from './messages.ts';
import { ApprovalRoute, BudgetBar, StatusTag } from './parts.tsx';

/** One requisition: lines, budget line and commitment, approval route, and what I may do with it. */
export default function RequisitionPage() {
  const { requisitionId = '' } = useParams();
  const { t, lang } = useI18n();
  const me = useMe();
  const { can } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [busy, setBusy] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const req = useApiData((signal) => api.get('/procurement/requisitions/{requisitionId}', { params: { requisitionId }, signal }), [requisitionId]);

  if (req.error) return <LoadError error={req.error} onRetry={req.reload} />;
  if (!req.data) return <PageLoading />;
  const r = req.data;
  const mineOrManaged = r.requesterId === me.user.id || can('procurement.requisitions.manage');
  const myTask = r.approval.find((task) => task.status === 'pending' && task.assigneeId === me.user.id);

  const run = async (command: 'submit' | 'withdraw' | 'revise') => {
    setBusy(command);
    try {
      const path = command === 'submit' ? '/procurement/requisitions/{requisitionId}/submit' : command === 'withdraw' ? '/procurement/requisitions/{requisitionId}/withdraw' : '/procurement/requisitions/{requisitionId}/revise';
      const updated = await api.post(path, { params: { requisitionId }, body: { version: r.version } });
      if (command === 'submit') void message.success(t(updated.status === 'approved' ? m.approvedAtOnce : m.submitted));
      else void message.success(t(common.saved));
      req.setData(updated);
      if (command === 'revise') navigate(`${BASE}/requisitions/${requisitionId}/edit`);
    } catch (error) {
      onProblem(error);
      if (isProblem(error) && (error.status === 409 || error.status === 412)) req.reload();
    } finally {
      setBusy(null);
    }
  };

  const overBudget = r.budgetLine && r.status === 'pending_approval' && compare(r.totalAmount, r.budgetLine.remaining) > 0;

  return (
    <div className="page">
      <PageHeader
        back={<Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(`${BASE}/requisitions`)} aria-label={t(common.back)} />}
        title={
          <Space>
            <span>{r.title}</span>
            <StatusTag status={r.status} />
          </Space>
        }
        subtitle={<span className="mono">{r.number}</span>}
        extra={
          <Space wrap>
            {myTask ? <DecisionButtons taskId={myTask.id} onDecided={() => req.reload()} /> : null}
            {mineOrManaged && r.status === 'draft' ? (
              <>
                <Button icon={<EditOutlined />} onClick={() => navigate(`${BASE}/requisitions/${r.id}/edit`)} data-testid="edit-requisition">
                  {t(common.edit)}
                </Button>
                {r.requesterId === me.user.id ? (
                  <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'} onClick={() => run('submit')} data-testid="submit-requisition">
                    {t(m.submit)}
                  </Button>
                ) : null}
              </>
            ) : null}
            {mineOrManaged && r.status === 'pending_approval' ? (
              <Button loading={busy === 'withdraw'} onClick={() => run('withdraw')} data-testid="withdraw-requisition">
                {t(m.withdraw)}
              </Button>
            ) : null}
            {mineOrManaged && r.status === 'rejected' ? (
              <Button type="primary" loading={busy === 'revise'} onClick={() => run('revise')}>
                {t(m.revise)}
              </Button>
            ) : null}
            {mineOrManaged && ['draft', 'pending_approval', 'approved', 'partially_ordered', 'rejected'].includes(r.status) ? (
              <Button danger onClick={() => setCancelling(true)} data-testid="cancel-requisition">
                {t(m.cancelRequisition)}
              </Button>
            ) : null}
          </Space>
        }
      />
      {overBudget ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t(m.budgetWarning, { remaining: formatMoney(r.budgetLine!.remaining, r.currency, lang) })} /> : null}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t(m.requester)}>{r.requesterName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t(m.orgUnit)}>{r.orgUnit ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t(m.needBy)}>{formatDate(r.needBy)}</Descriptions.Item>
              <Descriptions.Item label={t(m.deliverySite)}>{r.deliverySite ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t(m.total)}>
                <Typography.Text strong>{formatMoney(r.totalAmount, r.currency, lang)}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t(common.updatedAt)}>{formatDateTime(r.updatedAt)}</Descriptions.Item>
              {r.justification ? (
                <Descriptions.Item label={t(m.justification)} span={2}>
                  {r.justification}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          <Card size="small" title={t(m.lines)} style={{ marginBottom: 16 }}>
            <LinesTable lines={r.lines} currency={r.currency} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t(m.budgetLine)} style={{ marginBottom: 16 }}>
            {r.budgetLine ? (
              <>
                <div style={{ marginBottom: 8 }}>
                  <Typography.Text strong className="mono">
                    {r.budgetLine.code}
                  </Typography.Text>{' '}
                  <Typography.Text type="secondary">{r.budgetLine.orgUnit}</Typography.Text>
                </div>
                <BudgetBar {...r.budgetLine} />
                <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
                  <Descriptions.Item label={t(m.commitment)}>
                    {r.commitment.length ? r.commitment.map((c) => formatMoney(c.committed, r.currency, lang)).join(', ') : formatMoney('0', r.currency, lang)}
                  </Descriptions.Item>
                </Descriptions>
              </>
            ) : (
              <Typography.Text type="secondary">{t(m.noBudgetLine)}</Typography.Text>
            )}
          </Card>
          <Card size="small" title={t(m.approvalRoute)}>
            <ApprovalRoute tasks={r.approval} />
          </Card>
        </Col>
      </Row>
      <CancelModal
        open={cancelling}
        requisition={r}
        onClose={() => setCancelling(false)}
        onCancelled={(updated) => {
          setCancelling(false);
          if (updated.released && compare(updated.released, '0') > 0) void message.success(t(m.released, { amount: formatMoney(updated.released, r.currency, lang) }));
          req.setData(updated);
        }}
        onStale={() => {
          setCancelling(false);
          req.reload();
        }}
      />
    </div>
  );
}

export function LinesTable({ lines, currency }: { lines: RequisitionLine[]; currency: string }) {
  const { t, lang } = useI18n();
  return (
    <Table<RequisitionLine>
      size="small"
      rowKey="id"
      dataSource={lines}
      pagination={false}
      data-testid="requisition-lines"
      columns={[
        { title: '#', dataIndex: 'lineNo', width: 44 },
        {
          title: t(m.description),
          key: 'description',
          render: (_, l) => (
            <div>
              <Space size={6}>
                <Typography.Text strong>{l.description}</Typography.Text>
                <Tag color={l.skuId ? 'blue' : 'default'}>{t(l.skuId ? m.lineSku : m.lineFree)}</Tag>
              </Space>
              <div className="cell-sub">
                {l.categoryCode ? <span className="mono">{l.categoryCode}</span> : null}
                {l.spec ? ` · ${l.spec}` : ''}
              </div>
            </div>
          ),
        },
        { title: t(m.quantity), key: 'qty', width: 110, align: 'right', render: (_, l) => `${l.quantity} ${l.uom}` },
        { title: t(m.unitPrice), dataIndex: 'estimatedUnitPrice', width: 150, align: 'right', render: (v: string) => formatMoney(v, currency, lang) },
        { title: t(m.lineAmount), dataIndex: 'amount', width: 140, align: 'right', render: (v: string) => formatMoney(v, currency, lang) },
        { title: t(m.ordered), key: 'ordered', width: 90, align: 'right', render: (_, l) => (l.orderedQuantity === '0' ? '—' : l.orderedQuantity) },
      ]}
    />
  );
}

function CancelModal({ open, requisition, onClose, onCancelled, onStale }: { open: boolean; requisition: Requisition; onClose: () => void; onCancelled: (r: Requisition) => void; onStale: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason?: string }>();
  const [saving, setSaving] = useState(false);
  const onProblem = useProblemHandler();
  const submit = async ({ reason }: { reason?: string }) => {
    setSaving(true);
    try {
      onCancelled(await api.post('/procurement/requisitions/{requisitionId}/cancel', { params: { requisitionId: requisition.id }, body: { reason: reason?.trim() || null, version: requisition.version } }));
    } catch (error) {
      onProblem(error, form);
      if (isProblem(error) && (error.status === 409 || error.status === 412)) onStale();
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t(m.cancelRequisition)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ danger: true }}
      okText={t(common.confirm)}
      cancelText={t(common.cancel)}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t(m.cancelConfirm)}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label={t(common.optionalLabel, { label: t(m.cancelReason) })} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
