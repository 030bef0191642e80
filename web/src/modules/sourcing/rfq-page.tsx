import { ArrowLeftOutlined, PaperClipOutlined, TrophyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, List, Modal, Popconfirm, Row, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, buildUrl } from '../../platform/api.ts';
import { formatDate, formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import { DECIMAL, fileToBase64, label, qtyText, TAX_RATE, type Comparison, type Question, type RfqDetail } from './api.ts';
import { m } from './messages.ts';
import { Countdown, noteServerTime, StatusTag, useLiveTopic, useParty } from './parts.tsx';
import { SupplierPicker } from './rfq-new-page.tsx';

/** One RFQ: the buyer's page (invitees, Q&A, comparison and award) or the supplier's (quote, Q&A). */
export default function RfqPage() {
  const { rfqId = '' } = useParams();
  const party = useParty();
  const detail = useApiData(async (signal) => {
    const r = await api.get('/rfqs/{rfqId}', { params: { rfqId }, signal });
    noteServerTime(r.serverTime);
    return r;
  }, [rfqId]);
  useLiveTopic(rfqId ? `rfq:${rfqId}` : null, detail.reload);
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <PageLoading />;
  return party === 'supplier' ? <SupplierRfq rfq={detail.data} reload={detail.reload} /> : <BuyerRfq rfq={detail.data} reload={detail.reload} />;
}

function Header({ rfq, extra }: { rfq: RfqDetail; extra?: React.ReactNode }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const party = useParty();
  return (
    <PageHeader
      back={<Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(party === 'supplier' ? '/supplier/sourcing/inbox' : '/buyer/sourcing/rfqs')} aria-label={t(common.back)} />}
      title={
        <Space wrap>
          <span>
            {rfq.number} · {rfq.title}
          </span>
          <StatusTag prefix="rfqStatus_" status={rfq.status} testId="rfq-status" />
          {rfq.status === 'open' ? <Countdown until={rfq.deadline} testId="rfq-countdown" /> : null}
        </Space>
      }
      subtitle={rfq.buyerName ?? undefined}
      extra={extra}
    />
  );
}

function Summary({ rfq }: { rfq: RfqDetail }) {
  const { t } = useI18n();
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t(m.deadline)}>{formatDateTime(rfq.deadline)}</Descriptions.Item>
        <Descriptions.Item label={t(m.audience)}>{t(label('audience_', rfq.audience))}</Descriptions.Item>
        <Descriptions.Item label={t(m.paymentMethod)}>
          {t(label('payment_', rfq.paymentMethod))}
          {rfq.creditDays ? ` · ${rfq.creditDays}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t(m.deliveryAddress)}>{rfq.deliveryAddress ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t(m.needBy)}>{formatDate(rfq.needBy)}</Descriptions.Item>
        <Descriptions.Item label={t(m.serverTime)}>{formatDateTime(rfq.serverTime, true)}</Descriptions.Item>
        {rfq.description ? <Descriptions.Item label={t(m.description)} span={3}>{rfq.description}</Descriptions.Item> : null}
      </Descriptions>
    </Card>
  );
}

function LinesCard({ rfq }: { rfq: RfqDetail }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t(m.lines)} style={{ marginBottom: 16 }}>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={rfq.lines}
        columns={[
          { title: t(m.lineNo), dataIndex: 'lineNo', width: 60 },
          { title: t(m.item), dataIndex: 'name' },
          { title: t(m.spec), dataIndex: 'spec' },
          { title: t(m.quantity), dataIndex: 'quantity', align: 'right', render: (q: string, l) => `${qtyText(q)} ${l.uom}` },
          { title: t(m.alternative), dataIndex: 'allowAlternatives', render: (v: boolean) => (v ? <Tag color="blue">{t(m.allowAlternatives)}</Tag> : null) },
        ]}
      />
    </Card>
  );
}

// --- buyer ------------------------------------------------------------------------------------------------

function BuyerRfq({ rfq, reload }: { rfq: RfqDetail; reload: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [cancelOpen, setCancelOpen] = useState(false);
  const [extendOpen, setExtendOpen] = useState(false);
  const [inviteOpen, setInviteOpen] = useState(false);
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      void message.success(t(m.actionDone));
      reload();
    } catch (error) {
      onProblem(error);
    }
  };
  const quotesVisible = rfq.quoteCount !== null;
  return (
    <div className="page">
      <Header
        rfq={rfq}
        extra={
          <Space wrap>
            {rfq.actions.includes('publish') ? (
              <Button type="primary" onClick={() => act(() => api.post('/rfqs/{rfqId}/publish', { params: { rfqId: rfq.id }, body: { version: rfq.version } }))} data-testid="rfq-publish">
                {t(m.publish)}
              </Button>
            ) : null}
            {rfq.actions.includes('invite') ? <Button onClick={() => setInviteOpen(true)}>{t(m.inviteMore)}</Button> : null}
            {rfq.actions.includes('extend') ? <Button onClick={() => setExtendOpen(true)}>{t(m.extendDeadline)}</Button> : null}
            {rfq.actions.includes('cancel') ? (
              <Button danger onClick={() => setCancelOpen(true)}>
                {t(m.cancelEvent)}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Summary rfq={rfq} />
      <LinesCard rfq={rfq} />
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t(m.invitations)} style={{ marginBottom: 16 }}>
            {rfq.audience === 'all' ? (
              <Typography.Text type="secondary">{t(label('audience_', 'all'))}</Typography.Text>
            ) : (
              <Table
                size="small"
                rowKey="supplierOrgId"
                pagination={false}
                dataSource={rfq.invitations ?? []}
                columns={[
                  { title: t(m.supplier), dataIndex: 'name' },
                  { title: t(m.invitationSource), dataIndex: 'source', render: (s: string) => t(label('source_', s)) },
                  { title: t(m.quoted), dataIndex: 'quoted', render: (q: boolean | null) => (q === null ? <Tag>{t(m.sealedHint)}</Tag> : q ? <Tag color="green">{t(m.yes)}</Tag> : <Tag>{t(m.no)}</Tag>) },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <QaCard rfq={rfq} />
        </Col>
      </Row>
      {rfq.status === 'draft' || (rfq.status === 'cancelled' && !quotesVisible) ? null : quotesVisible ? (
        <ComparisonCard rfq={rfq} reload={reload} />
      ) : (
        <Alert type="info" showIcon message={t(m.quotesSealed, { deadline: formatDateTime(rfq.deadline) })} data-testid="quotes-sealed" />
      )}
      <ReasonModal open={cancelOpen} title={t(m.cancelEvent)} label={t(m.cancelReason)} onClose={() => setCancelOpen(false)} onOk={(reason) => act(() => api.post('/rfqs/{rfqId}/cancel', { params: { rfqId: rfq.id }, body: { reason } }))} />
      <Modal open={extendOpen} title={t(m.extendDeadline)} onCancel={() => setExtendOpen(false)} footer={null} destroyOnHidden>
        <Form layout="vertical" initialValues={{ deadline: dayjs(rfq.deadline).add(1, 'day') }} onFinish={(v: { deadline: dayjs.Dayjs }) => act(() => api.post('/rfqs/{rfqId}/deadline', { params: { rfqId: rfq.id }, body: { deadline: v.deadline.toISOString(), version: rfq.version } })).then(() => setExtendOpen(false))}>
          <Form.Item name="deadline" label={t(m.newDeadline)} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t(common.confirm)}
          </Button>
        </Form>
      </Modal>
      <Modal open={inviteOpen} title={t(m.inviteMore)} onCancel={() => setInviteOpen(false)} footer={null} destroyOnHidden>
        <Form layout="vertical" onFinish={(v: { supplierOrgIds: string[] }) => act(() => api.post('/rfqs/{rfqId}/invitations', { params: { rfqId: rfq.id }, body: { supplierOrgIds: v.supplierOrgIds } })).then(() => setInviteOpen(false))}>
          <Form.Item name="supplierOrgIds" label={t(m.chooseSuppliers)} rules={[{ required: true }]}>
            <SupplierPicker />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t(common.confirm)}
          </Button>
        </Form>
      </Modal>
    </div>
  );
}

export function ReasonModal({ open, title, label: fieldLabel, onClose, onOk, danger = true }: { open: boolean; title: string; label: string; onClose: () => void; onOk: (reason: string) => Promise<unknown>; danger?: boolean }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <Modal open={open} title={title} onCancel={onClose} footer={null} destroyOnHidden>
      <Form
        layout="vertical"
        onFinish={async (v: { reason: string }) => {
          setBusy(true);
          try {
            await onOk(v.reason.trim());
            onClose();
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="reason" label={fieldLabel} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 500 }]}>
          <Input.TextArea rows={3} data-testid="reason-input" />
        </Form.Item>
        <Button type="primary" danger={danger} htmlType="submit" loading={busy} data-testid="reason-submit">
          {t(common.confirm)}
        </Button>
      </Form>
    </Modal>
  );
}

function QaCard({ rfq }: { rfq: RfqDetail }) {
  const { t } = useI18n();
  const party = useParty();
  const onProblem = useProblemHandler();
  const questions = useApiData((signal) => api.get('/rfqs/{rfqId}/questions', { params: { rfqId: rfq.id }, signal }), [rfq.id, rfq.version, rfq.questionCount]);
  const [answering, setAnswering] = useState<Question | null>(null);
  const [asking, setAsking] = useState(false);
  const [form] = Form.useForm<{ question: string }>();
  const ask = async (v: { question: string }) => {
    setAsking(true);
    try {
      await api.post('/rfqs/{rfqId}/questions', { params: { rfqId: rfq.id }, body: { question: v.question.trim() } });
      form.resetFields();
      questions.reload();
    } catch (error) {
      onProblem(error, form);
    } finally {
      setAsking(false);
    }
  };
  return (
    <Card size="small" title={t(m.qa)} extra={<Typography.Text type="secondary">{t(m.qaHint)}</Typography.Text>} style={{ marginBottom: 16 }}>
      <List<Question>
        size="small"
        loading={questions.loading}
        dataSource={questions.data?.items ?? []}
        locale={{ emptyText: t(m.none) }}
        renderItem={(q) => (
          <List.Item
            actions={party === 'buyer' && ['open', 'closed'].includes(rfq.status) ? [<Button key="a" size="small" onClick={() => setAnswering(q)}>{t(m.answerIt)}</Button>] : []}
          >
            <List.Item.Meta
              title={
                <Space>
                  <span>{q.question}</span>
                  {q.askedByMe ? <Tag>{t(m.askedByMe)}</Tag> : null}
                </Space>
              }
              description={q.answer ? `${t(m.answer)}：${q.answer}` : t(m.unanswered)}
            />
          </List.Item>
        )}
      />
      {party === 'supplier' && rfq.status === 'open' ? (
        <Form form={form} layout="inline" onFinish={ask} style={{ marginTop: 8 }}>
          <Form.Item name="question" rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 2000 }]} style={{ flex: 1 }}>
            <Input placeholder={t(m.question)} data-testid="qa-question" />
          </Form.Item>
          <Button htmlType="submit" loading={asking} data-testid="qa-ask">
            {t(m.ask)}
          </Button>
        </Form>
      ) : null}
      <ReasonModal
        open={answering !== null}
        danger={false}
        title={answering?.question ?? ''}
        label={t(m.answer)}
        onClose={() => setAnswering(null)}
        onOk={async (answer) => {
          try {
            await api.post('/rfqs/{rfqId}/questions/{questionId}/answer', { params: { rfqId: rfq.id, questionId: answering!.id }, body: { answer } });
            questions.reload();
          } catch (error) {
            onProblem(error);
          }
        }}
      />
    </Card>
  );
}

function ComparisonCard({ rfq, reload }: { rfq: RfqDetail; reload: () => void }) {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const onProblem = useProblemHandler();
  const comparison = useApiData((signal) => api.get('/rfqs/{rfqId}/comparison', { params: { rfqId: rfq.id }, signal }), [rfq.id, rfq.version]);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [orders, setOrders] = useState<Array<{ id: string; number: string }>>([]);
  const c = comparison.data;
  useEffect(() => {
    if (c?.bestSplit) setChoice(Object.fromEntries(c.bestSplit.assignments.map((a) => [a.rfqLineId, a.quoteId])));
  }, [c]);
  const names = useMemo(() => new Map((c?.suppliers ?? []).map((s) => [s.quoteId, lang === 'en' && s.nameEn ? s.nameEn : s.name])), [c, lang]);
  if (comparison.error) return <LoadError error={comparison.error} onRetry={comparison.reload} />;
  if (!c) return <Card loading size="small" />;
  const canAward = rfq.status === 'closed';
  const award = (body: { quoteId?: string; lines?: Array<{ rfqLineId: string; quoteId: string }> }) =>
    modal.confirm({
      title: t(m.award),
      content: t(m.awardConfirm),
      onOk: async () => {
        try {
          const r = await api.post('/rfqs/{rfqId}/award', { params: { rfqId: rfq.id }, body: { ...body, version: rfq.version } });
          setOrders(r.orders.map((o) => ({ id: o.id, number: o.number })));
          void message.success(t(m.awarded, { n: r.orders.length }));
          reload();
        } catch (error) {
          onProblem(error);
        }
      },
    });
  const money = (v: string) => formatMoney(v, 'CNY', lang);
  const nowrap = (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{money(v)}</span>;
  return (
    <Card size="small" title={t(m.comparison)} data-testid="comparison">
      {orders.length ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          message={
            <Space wrap>
              {t(m.awarded, { n: orders.length })}
              {orders.map((o) => (
                <Link key={o.id} to={`/buyer/orders/${o.id}`}>
                  {o.number}
                </Link>
              ))}
            </Space>
          }
        />
      ) : null}
      <Tabs
        items={[
          {
            key: 'suppliers',
            label: t(m.bySupplier),
            children: (
              <Table<Comparison['suppliers'][number]>
                size="small"
                rowKey="quoteId"
                pagination={false}
                dataSource={[...c.suppliers].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99))}
                scroll={{ x: 900 }}
                columns={[
                  { title: t(m.rank), dataIndex: 'rank', width: 60, render: (r: number | null) => (r === 1 ? <Tag color="gold" icon={<TrophyOutlined />}>1</Tag> : r ?? '—') },
                  { title: t(m.supplier), dataIndex: 'name', render: (_: string, s) => names.get(s.quoteId) },
                  { title: t(m.subtotal), dataIndex: 'subtotal', align: 'right', render: nowrap },
                  { title: t(m.tax), dataIndex: 'tax', align: 'right', render: nowrap },
                  { title: t(m.freight), dataIndex: 'freight', align: 'right', render: nowrap },
                  { title: t(m.landedTotal), dataIndex: 'landedTotal', align: 'right', render: (v: string) => <Typography.Text strong>{nowrap(v)}</Typography.Text> },
                  { title: t(m.leadTime), dataIndex: 'leadTimeDays', align: 'right' },
                  { title: t(m.rating), dataIndex: 'rating', render: (r: { overall: string | null; count: number }) => (r.overall ? `${r.overall} (${r.count})` : '—') },
                  { title: t(m.tier), dataIndex: 'tier', render: (v: string | null) => v ?? '—' },
                  { title: t(m.validUntil), dataIndex: 'validUntil' },
                  { title: t(m.complete), dataIndex: 'complete', render: (v: boolean, s) => (v ? <Tag color="green">{t(m.complete)}</Tag> : <Tag>{`${t(m.partial)} ${s.linesQuoted}`}</Tag>) },
                  {
                    title: t(common.actions),
                    render: (_, s) =>
                      canAward && s.complete ? (
                        <Button size="small" onClick={() => award({ quoteId: s.quoteId })} data-testid={`award-whole-${s.rank}`}>
                          {t(m.awardWhole)}
                        </Button>
                      ) : null,
                  },
                ]}
              />
            ),
          },
          {
            key: 'lines',
            label: t(m.byLine),
            children: (
              <>
                <Table<Comparison['lines'][number]>
                  size="small"
                  rowKey={(l) => l.line.id}
                  pagination={false}
                  dataSource={c.lines}
                  columns={[
                    { title: t(m.item), render: (_, l) => `${l.line.lineNo}. ${l.line.name}`, width: 220 },
                    { title: t(m.quantity), render: (_, l) => `${qtyText(l.line.quantity)} ${l.line.uom}`, width: 100 },
                    {
                      title: t(m.offers),
                      render: (_, l) => (
                        <Space direction="vertical" size={2}>
                          {l.offers.map((o) => (
                            <span key={o.quoteId}>
                              {o.rank === 1 ? <Tag color="gold">1</Tag> : <Tag>{o.rank}</Tag>}
                              {names.get(o.quoteId)} · {money(o.unitPrice)} × {qtyText(l.line.quantity)} · {t(m.total)} {money(o.lineTotal)}
                              {o.alternative ? <Tag color="blue">{`${t(m.alternative)}: ${o.alternative}`}</Tag> : null}
                            </span>
                          ))}
                        </Space>
                      ),
                    },
                    {
                      title: t(m.awardTo),
                      width: 220,
                      render: (_, l) =>
                        canAward ? (
                          <Select
                            allowClear
                            size="small"
                            style={{ width: 200 }}
                            value={choice[l.line.id]}
                            onChange={(v: string | undefined) => setChoice((cur) => ({ ...cur, [l.line.id]: v as string }))}
                            options={l.offers.map((o) => ({ value: o.quoteId, label: names.get(o.quoteId) }))}
                          />
                        ) : (
                          (l.line.awardedQuoteId && names.get(l.line.awardedQuoteId)) || '—'
                        ),
                    },
                  ]}
                />
                {canAward ? (
                  <Space style={{ marginTop: 12 }} wrap>
                    {c.bestSplit ? <Typography.Text>{t(m.bestSplit, { total: money(c.bestSplit.landedTotal) })}</Typography.Text> : null}
                    {c.bestSplit ? <Button onClick={() => setChoice(Object.fromEntries(c.bestSplit!.assignments.map((a) => [a.rfqLineId, a.quoteId])))}>{t(m.useBestSplit)}</Button> : null}
                    <Button
                      type="primary"
                      disabled={!Object.values(choice).some(Boolean)}
                      onClick={() => award({ lines: Object.entries(choice).filter(([, q]) => q).map(([rfqLineId, quoteId]) => ({ rfqLineId, quoteId })) })}
                      data-testid="award-split"
                    >
                      {t(m.awardSplit)}
                    </Button>
                  </Space>
                ) : null}
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}

// --- supplier -----------------------------------------------------------------------------------------------

interface QuoteValues {
  validUntil: dayjs.Dayjs;
  leadTimeDays?: number | null;
  freight?: string;
  freightTaxRate?: string;
  notes?: string;
  lines: Array<{ rfqLineId: string; include: boolean; unitPrice?: string; taxRate?: string; leadTimeDays?: number | null; alternative?: string; notes?: string }>;
}

function SupplierRfq({ rfq, reload }: { rfq: RfqDetail; reload: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<QuoteValues>();
  const [busy, setBusy] = useState(false);
  const mine = rfq.myQuote;
  const open = rfq.status === 'open';
  useEffect(() => {
    form.setFieldsValue({
      validUntil: mine ? dayjs(mine.validUntil) : dayjs(rfq.deadline).add(30, 'day'),
      leadTimeDays: mine?.leadTimeDays ?? null,
      freight: mine?.freight ?? '0',
      freightTaxRate: mine?.freightTaxRate ?? '0.09',
      notes: mine?.notes ?? undefined,
      lines: rfq.lines.map((l) => {
        const q = mine?.lines.find((x) => x.rfqLineId === l.id);
        return { rfqLineId: l.id, include: mine ? Boolean(q) : true, unitPrice: q?.unitPrice, taxRate: q?.taxRate ?? '0.13', leadTimeDays: q?.leadTimeDays ?? null, alternative: q?.alternative ?? undefined, notes: q?.notes ?? undefined };
      }),
    });
  }, [rfq, mine, form]);
  const submit = async (v: QuoteValues) => {
    setBusy(true);
    try {
      // Only fields with inputs come back from the form: the line id is the RFQ line at the same position.
      const lines = v.lines.map((l, i) => ({ ...l, rfqLineId: rfq.lines[i]!.id })).filter((l) => l.include).map((l) => ({ rfqLineId: l.rfqLineId, unitPrice: l.unitPrice!, taxRate: l.taxRate!, leadTimeDays: l.leadTimeDays ?? null, alternative: l.alternative?.trim() || null, notes: l.notes?.trim() || null }));
      const saved = await api.put('/rfqs/{rfqId}/quote', {
        params: { rfqId: rfq.id },
        body: { validUntil: v.validUntil.format('YYYY-MM-DD'), leadTimeDays: v.leadTimeDays ?? null, freight: v.freight || '0', freightTaxRate: v.freightTaxRate || '0.09', notes: v.notes?.trim() || null, lines, version: mine?.version },
      });
      void message.success(t(m.quoteSaved, { n: saved.revision }));
      reload();
    } catch (error) {
      onProblem(error, form);
    } finally {
      setBusy(false);
    }
  };
  const withdraw = async () => {
    try {
      await api.post('/rfqs/{rfqId}/quote/withdraw', { params: { rfqId: rfq.id }, body: { version: mine?.version } });
      reload();
    } catch (error) {
      onProblem(error);
    }
  };
  const attach = async (file: File) => {
    try {
      await api.post('/rfqs/{rfqId}/quote/attachments', { params: { rfqId: rfq.id }, body: { filename: file.name, mimeType: file.type || 'application/octet-stream', contentBase64: await fileToBase64(file) } });
      reload();
    } catch (error) {
      onProblem(error);
    }
    return false;
  };
  return (
    <div className="page">
      <Header rfq={rfq} extra={mine ? <StatusTag prefix="quoteStatus_" status={mine.status} testId="my-quote-status" /> : null} />
      <Summary rfq={rfq} />
      <Card
        size="small"
        title={
          <Space>
            {t(m.yourQuote)}
            {mine ? <Typography.Text type="secondary">{`${t(m.revision)} ${mine.revision} · ${formatDateTime(mine.submittedAt, true)}`}</Typography.Text> : null}
          </Space>
        }
        style={{ marginBottom: 16 }}
      >
        {open ? <Alert type="info" showIcon message={t(m.quoteHint)} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical" onFinish={submit} disabled={!open}>
          <Form.List name="lines">
            {(fields) => (
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={fields}
                scroll={{ x: 900 }}
                columns={[
                  {
                    title: t(m.item),
                    width: 220,
                    render: (_, f) => {
                      const line = rfq.lines[f.name]!;
                      return (
                        <div>
                          <Form.Item name={[f.name, 'include']} valuePropName="checked" noStyle>
                            <input type="checkbox" aria-label={line.name} style={{ marginRight: 6 }} />
                          </Form.Item>
                          {line.lineNo}. {line.name}
                          <div className="cell-sub">{`${line.spec ?? ''} · ${qtyText(line.quantity)} ${line.uom}`}</div>
                        </div>
                      );
                    },
                  },
                  {
                    title: t(m.unitPrice),
                    width: 140,
                    render: (_, f) => (
                      <Form.Item name={[f.name, 'unitPrice']} noStyle rules={[{ pattern: DECIMAL, message: t(common.fieldFormat) }]}>
                        <Input placeholder="0.00" data-testid={`quote-price-${f.name}`} />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t(m.taxRate),
                    width: 90,
                    render: (_, f) => (
                      <Form.Item name={[f.name, 'taxRate']} noStyle rules={[{ pattern: TAX_RATE, message: t(common.fieldFormat) }]}>
                        <Input placeholder="0.13" />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t(m.leadTime),
                    width: 100,
                    render: (_, f) => (
                      <Form.Item name={[f.name, 'leadTimeDays']} noStyle>
                        <InputNumber min={0} max={3650} style={{ width: '100%' }} />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t(m.alternative),
                    render: (_, f) =>
                      rfq.lines[f.name]!.allowAlternatives ? (
                        <Form.Item name={[f.name, 'alternative']} noStyle rules={[{ max: 1000 }]}>
                          <Input placeholder={t(m.alternative)} />
                        </Form.Item>
                      ) : (
                        '—'
                      ),
                  },
                ]}
              />
            )}
          </Form.List>
          <Row gutter={16} style={{ marginTop: 12 }}>
            <Col xs={12} md={5}>
              <Form.Item name="validUntil" label={t(m.validUntil)} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="leadTimeDays" label={t(m.leadTime)}>
                <InputNumber min={0} max={3650} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="freight" label={t(m.freight)} rules={[{ pattern: DECIMAL, message: t(common.fieldFormat) }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={12} md={3}>
              <Form.Item name="freightTaxRate" label={t(m.freightTaxRate)} rules={[{ pattern: TAX_RATE, message: t(common.fieldFormat) }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="notes" label={t(m.notes)} rules={[{ max: 2000 }]}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
          {open ? (
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="quote-submit">
                {mine && mine.status === 'submitted' ? t(m.reviseQuote) : t(m.submitQuote)}
              </Button>
              {mine?.status === 'submitted' ? (
                <Popconfirm title={t(m.withdrawQuote)} onConfirm={withdraw}>
                  <Button danger>{t(m.withdrawQuote)}</Button>
                </Popconfirm>
              ) : null}
            </Space>
          ) : null}
        </Form>
        <div style={{ marginTop: 16 }}>
          <Typography.Text strong>{t(m.attachments)}</Typography.Text>
          <Space wrap style={{ marginLeft: 12 }}>
            {(mine?.attachments ?? []).map((a) => (
              <a key={a.id} href={buildUrl('/rfqs/{rfqId}/attachments/{attachmentId}', { rfqId: rfq.id, attachmentId: a.id })}>
                <PaperClipOutlined /> {a.filename}
              </a>
            ))}
            {open && mine?.status === 'submitted' ? (
              <Upload beforeUpload={attach} showUploadList={false}>
                <Button size="small" icon={<PaperClipOutlined />}>
                  {t(m.attach)}
                </Button>
              </Upload>
            ) : null}
            {!mine?.attachments.length && !(open && mine) ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(m.none)} /> : null}
          </Space>
        </div>
        {mine && ['awarded', 'partially_awarded', 'not_awarded'].includes(mine.status) ? (
          <Alert style={{ marginTop: 12 }} type={mine.status === 'not_awarded' ? 'warning' : 'success'} showIcon message={t(label('quoteStatus_', mine.status))} />
        ) : null}
      </Card>
      <QaCard rfq={rfq} />
    </div>
  );
}
