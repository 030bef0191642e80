import { ArrowLeftOutlined, FileTextOutlined, LockOutlined, SafetyCertificateOutlined, TrophyOutlined, UnlockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, List, Modal, Popconfirm, Progress, Radio, Row, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, buildUrl, isProblem } from '../../platform/api.ts';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import { DECIMAL, label, newKey, qtyText, TAX_RATE, type Evaluation, type Opening, type TenderDetail } from './api.ts';
import { m } from './messages.ts';
import { Countdown, noteServerTime, StatusTag, useLiveTopic, useParty } from './parts.tsx';
import { ReasonModal } from './rfq-page.tsx';

type Reload = () => void;

/** One tender: the buyer's workspace (tabs from publication to award) or the supplier's (register, deposit, sealed bid, result). */
export default function TenderPage() {
  const { tenderId = '' } = useParams();
  const party = useParty();
  const [tick, setTick] = useState(0);
  const detail = useApiData(async (signal) => {
    const r = await api.get('/tenders/{tenderId}', { params: { tenderId }, signal });
    noteServerTime(r.serverTime);
    return r;
  }, [tenderId]);
  const reload = () => {
    detail.reload();
    setTick((n) => n + 1);
  };
  useLiveTopic(tenderId ? `tender:${tenderId}` : null, reload);
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <PageLoading />;
  return party === 'supplier' ? <SupplierTender tender={detail.data} reload={reload} tick={tick} /> : <BuyerTender tender={detail.data} reload={reload} tick={tick} />;
}

function useAct(reload: Reload) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  return async (fn: () => Promise<unknown>, done: string = t(m.actionDone)) => {
    try {
      await fn();
      void message.success(done);
      reload();
      return true;
    } catch (error) {
      onProblem(error);
      return false;
    }
  };
}

function Header({ tender, extra }: { tender: TenderDetail; extra?: ReactNode }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const party = useParty();
  return (
    <PageHeader
      back={<Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(party === 'supplier' ? '/supplier/sourcing/inbox' : '/buyer/sourcing/tenders')} aria-label={t(common.back)} />}
      title={
        <Space wrap>
          <span>
            {tender.number} · {tender.title}
          </span>
          <StatusTag prefix="tenderStatus_" status={tender.status} testId="tender-status" />
          {tender.status === 'published' ? <Countdown until={tender.bidDeadline} testId="tender-countdown" /> : null}
        </Space>
      }
      subtitle={tender.buyerName ?? t(label('visibility_', tender.visibility))}
      extra={extra}
    />
  );
}

function Overview({ tender }: { tender: TenderDetail }) {
  const { t, lang } = useI18n();
  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t(m.visibility)}>{t(label('visibility_', tender.visibility))}</Descriptions.Item>
          <Descriptions.Item label={t(m.method)}>{t(label('method_', tender.method))}</Descriptions.Item>
          <Descriptions.Item label={t(m.weights)}>{`${t(m.priceWeight)} ${tender.priceWeight} · ${t(m.technicalWeight)} ${tender.technicalWeight} · ${t(m.commercialWeight)} ${tender.commercialWeight}`}</Descriptions.Item>
          <Descriptions.Item label={t(m.registrationDeadline)}>{formatDateTime(tender.registrationDeadline)}</Descriptions.Item>
          <Descriptions.Item label={t(m.bidDeadline)}>{formatDateTime(tender.bidDeadline)}</Descriptions.Item>
          <Descriptions.Item label={t(m.openingAt)}>{formatDateTime(tender.openingAt)}</Descriptions.Item>
          <Descriptions.Item label={t(m.depositAmount)}>{formatMoney(tender.depositAmount, 'CNY', lang)}</Descriptions.Item>
          <Descriptions.Item label={t(m.deliveryAddress)}>{tender.deliveryAddress ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t(m.serverTime)}>{formatDateTime(tender.serverTime, true)}</Descriptions.Item>
          {tender.qualificationRequirements ? <Descriptions.Item label={t(m.qualificationRequirements)} span={3}>{tender.qualificationRequirements}</Descriptions.Item> : null}
          {tender.description ? <Descriptions.Item label={t(m.description)} span={3}>{tender.description}</Descriptions.Item> : null}
          {tender.sealingPublicKeySha256 ? (
            <Descriptions.Item label={<><LockOutlined /> {t(m.sealingKey)}</>} span={3}>
              <Typography.Text className="mono" copyable>
                {tender.sealingPublicKeySha256}
              </Typography.Text>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Card size="small" title={t(m.lines)} style={{ marginBottom: 16 }}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={tender.lines}
          columns={[
            { title: t(m.lineNo), dataIndex: 'lineNo', width: 60 },
            { title: t(m.item), dataIndex: 'name' },
            { title: t(m.spec), dataIndex: 'spec' },
            { title: t(m.quantity), dataIndex: 'quantity', align: 'right', render: (q: string, l) => `${qtyText(q)} ${l.uom}` },
          ]}
        />
      </Card>
      <Card size="small" title={t(m.documents)} style={{ marginBottom: 16 }}>
        <List
          size="small"
          dataSource={tender.documents}
          locale={{ emptyText: t(m.none) }}
          renderItem={(d) => (
            <List.Item
              actions={[
                <a key="dl" href={buildUrl('/tenders/{tenderId}/documents/{tenderDocumentId}', { tenderId: tender.id, tenderDocumentId: d.id })}>
                  {t(common.download)}
                </a>,
              ]}
            >
              <List.Item.Meta
                avatar={<FileTextOutlined />}
                title={
                  <Space wrap>
                    {d.title}
                    <Tag>{t(m.revisionN, { n: d.revision })}</Tag>
                    {d.kind === 'amendment' ? <Tag color={d.material ? 'volcano' : 'blue'}>{t(d.material ? m.material : label('noticeKind_', 'amendment'))}</Tag> : null}
                  </Space>
                }
                description={d.body ?? d.filename}
              />
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}

// --- buyer --------------------------------------------------------------------------------------------------------

function BuyerTender({ tender, reload, tick }: { tender: TenderDetail; reload: Reload; tick: number }) {
  const { t } = useI18n();
  const act = useAct(reload);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [amendOpen, setAmendOpen] = useState(false);
  const [acceptOpen, setAcceptOpen] = useState(false);
  const me = tender.openers?.find((o) => tender.myRoles.includes('opener') && o.userId && !o.accepted);
  const tabs = [
    { key: 'overview', label: t(m.overview), children: <><Overview tender={tender} /><People tender={tender} /></> },
    ...(tender.status !== 'draft'
      ? [
          { key: 'registrations', label: t(m.registrations), children: <Registrations tender={tender} reload={reload} tick={tick} /> },
          { key: 'deposits', label: t(m.deposits), children: <Deposits tender={tender} reload={reload} tick={tick} /> },
          { key: 'opening', label: t(m.opening), children: <OpeningPanel tender={tender} reload={reload} tick={tick} /> },
          { key: 'evaluation', label: t(m.evaluation), children: <EvaluationPanel tender={tender} reload={reload} tick={tick} /> },
          { key: 'award', label: t(m.awardTab), children: <AwardPanel tender={tender} reload={reload} tick={tick} /> },
        ]
      : []),
  ];
  const defaultTab = tender.status === 'closed' ? 'opening' : tender.status === 'opened' ? 'evaluation' : ['evaluated', 'awarded', 'concluded'].includes(tender.status) ? 'award' : 'overview';
  return (
    <div className="page">
      <Header
        tender={tender}
        extra={
          <Space wrap>
            {tender.actions.includes('accept_opener') && me ? (
              <Button icon={<SafetyCertificateOutlined />} onClick={() => setAcceptOpen(true)} data-testid="accept-opener">
                {t(m.acceptOpener)}
              </Button>
            ) : null}
            {tender.actions.includes('publish') ? (
              <Button type="primary" onClick={() => act(() => api.post('/tenders/{tenderId}/publish', { params: { tenderId: tender.id }, body: { version: tender.version } }), t(m.published))} data-testid="tender-publish">
                {t(m.publish)}
              </Button>
            ) : null}
            {tender.actions.includes('amend') ? <Button onClick={() => setAmendOpen(true)}>{t(m.amend)}</Button> : null}
            {tender.actions.includes('cancel') ? (
              <Button danger onClick={() => setCancelOpen(true)}>
                {t(m.cancelEvent)}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Tabs defaultActiveKey={defaultTab} items={tabs} />
      <ReasonModal open={cancelOpen} title={t(m.cancelEvent)} label={t(m.cancelReason)} onClose={() => setCancelOpen(false)} onOk={(reason) => act(() => api.post('/tenders/{tenderId}/cancel', { params: { tenderId: tender.id }, body: { reason } }))} />
      <PassphraseModal open={acceptOpen} repeat title={t(m.acceptOpener)} onClose={() => setAcceptOpen(false)} onOk={(passphrase) => act(() => api.post('/tenders/{tenderId}/openers/accept', { params: { tenderId: tender.id }, body: { passphrase } }))} />
      <AmendModal tender={tender} open={amendOpen} onClose={() => setAmendOpen(false)} reload={reload} />
    </div>
  );
}

function People({ tender }: { tender: TenderDetail }) {
  const { t } = useI18n();
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Card size="small" title={<><SafetyCertificateOutlined /> {`${t(m.openers)} · ${t(m.openerQuorum)} ${tender.openerQuorum}`}</>} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t(m.openersHint)}</Typography.Paragraph>
          <Table
            size="small"
            rowKey="userId"
            pagination={false}
            dataSource={tender.openers ?? []}
            columns={[
              { title: t(common.name), dataIndex: 'name' },
              { title: t(m.status), dataIndex: 'accepted', render: (a: boolean) => (a ? <Tag color="green">{t(m.accepted)}</Tag> : <Tag>{t(m.pendingAcceptance)}</Tag>) },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t(m.evaluators)} style={{ marginBottom: 16 }}>
          <Table
            size="small"
            rowKey="userId"
            pagination={false}
            dataSource={tender.evaluators ?? []}
            columns={[
              { title: t(common.name), dataIndex: 'name' },
              { title: t(m.declare), render: (_, e) => (e.conflict ? <Tag color="volcano">{t(m.recused)}</Tag> : e.declared ? <Tag color="green">{t(m.declared)}</Tag> : '—') },
              { title: t(m.submittedScores), dataIndex: 'submitted', render: (s: boolean) => (s ? <Tag color="green">{t(m.yes)}</Tag> : '—') },
            ]}
          />
        </Card>
        {tender.invitations?.length ? (
          <Card size="small" title={t(m.invitedSuppliers)} style={{ marginBottom: 16 }}>
            <Space wrap>
              {tender.invitations.map((i) => (
                <Tag key={i.supplierOrgId}>{i.name}</Tag>
              ))}
            </Space>
          </Card>
        ) : null}
      </Col>
    </Row>
  );
}

function PassphraseModal({ open, title, repeat = false, onClose, onOk }: { open: boolean; title: string; repeat?: boolean; onClose: () => void; onOk: (passphrase: string) => Promise<boolean> }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ passphrase: string; repeat?: string }>();
  return (
    <Modal open={open} title={title} onCancel={onClose} footer={null} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          setBusy(true);
          try {
            if (await onOk(v.passphrase)) onClose();
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="passphrase" label={t(m.passphrase)} extra={repeat ? t(m.passphraseHint) : undefined} rules={[{ required: true, message: t(common.fieldRequired) }, ...(repeat ? [{ min: 12, message: t(common.fieldMinLength, { n: 12 }) }] : []), { max: 200 }]}>
          <Input.Password autoComplete="new-password" data-testid="passphrase-input" />
        </Form.Item>
        {repeat ? (
          <Form.Item
            name="repeat"
            label={t(m.passphraseRepeat)}
            dependencies={['passphrase']}
            rules={[({ getFieldValue }) => ({ validator: (_, value) => (value === getFieldValue('passphrase') ? Promise.resolve() : Promise.reject(new Error(t(m.passphraseMismatch)))) })]}
          >
            <Input.Password autoComplete="new-password" data-testid="passphrase-repeat" />
          </Form.Item>
        ) : null}
        <Button type="primary" htmlType="submit" loading={busy} icon={<UnlockOutlined />} data-testid="passphrase-submit">
          {t(common.confirm)}
        </Button>
      </Form>
    </Modal>
  );
}

function AmendModal({ tender, open, onClose, reload }: { tender: TenderDetail; open: boolean; onClose: () => void; reload: Reload }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ title: string; body?: string; material: boolean }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal open={open} title={t(m.amend)} onCancel={onClose} footer={null} destroyOnHidden width={640}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ material: false }}
        onFinish={async (v) => {
          setBusy(true);
          try {
            const r = await api.post('/tenders/{tenderId}/amendments', { params: { tenderId: tender.id }, body: { title: v.title.trim(), body: v.body?.trim() || null, material: v.material, version: tender.version } });
            void message.success(t(m.amended, { extended: t(r.deadlineExtended ? m.deadlineExtended : m.deadlineKept) }));
            onClose();
            reload();
          } catch (error) {
            onProblem(error, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="title" label={t(m.documentTitle)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="body" label={t(m.documentBody)} rules={[{ max: 20_000 }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="material" valuePropName="checked">
          <Checkbox>{t(m.material)}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t(m.amend)}
        </Button>
      </Form>
    </Modal>
  );
}

function Registrations({ tender, reload, tick }: { tender: TenderDetail; reload: Reload; tick: number }) {
  const { t } = useI18n();
  const act = useAct(reload);
  const regs = useApiData((signal) => api.get('/tenders/{tenderId}/registrations', { params: { tenderId: tender.id }, signal }), [tender.id, tick]);
  const canDecide = tender.status === 'published';
  if (regs.error) return <LoadError error={regs.error} onRetry={regs.reload} />;
  return (
    <Card size="small">
      <Table
        size="small"
        rowKey="id"
        loading={regs.loading}
        pagination={false}
        dataSource={regs.data?.items ?? []}
        locale={{ emptyText: t(m.none) }}
        columns={[
          { title: t(m.supplier), dataIndex: 'supplierName' },
          { title: t(m.statement), dataIndex: 'statement', ellipsis: true },
          { title: t(m.contactName), render: (_, r) => [r.contactName, r.contactPhone].filter(Boolean).join(' · ') || '—' },
          { title: t(m.status), dataIndex: 'status', render: (s: string) => <StatusTag prefix="regStatus_" status={s} /> },
          { title: t(m.deposits), dataIndex: 'deposit', render: (d: { status: string } | null) => (d ? <StatusTag prefix="depositStatus_" status={d.status} /> : '—') },
          {
            title: t(common.actions),
            render: (_, r) =>
              canDecide ? (
                <Space>
                  <Button size="small" type={r.status === 'qualified' ? 'primary' : 'default'} onClick={() => act(() => api.post('/tenders/{tenderId}/registrations/{registrationId}/qualify', { params: { tenderId: tender.id, registrationId: r.id }, body: { decision: 'qualified' } }))} data-testid={`qualify-${r.supplierOrgId}`}>
                    {t(m.qualify)}
                  </Button>
                  <Button size="small" danger onClick={() => act(() => api.post('/tenders/{tenderId}/registrations/{registrationId}/qualify', { params: { tenderId: tender.id, registrationId: r.id }, body: { decision: 'rejected' } }))}>
                    {t(m.reject)}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

function Deposits({ tender, reload, tick }: { tender: TenderDetail; reload: Reload; tick: number }) {
  const { t, lang } = useI18n();
  const act = useAct(reload);
  const deposits = useApiData((signal) => api.get('/tenders/{tenderId}/deposits', { params: { tenderId: tender.id }, signal }), [tender.id, tick]);
  const [forfeiting, setForfeiting] = useState<string | null>(null);
  const canForfeit = ['closed', 'opened', 'evaluated', 'awarded'].includes(tender.status);
  return (
    <Card size="small">
      <Table
        size="small"
        rowKey="id"
        loading={deposits.loading}
        pagination={false}
        dataSource={deposits.data?.items ?? []}
        locale={{ emptyText: t(m.none) }}
        columns={[
          { title: t(m.supplier), dataIndex: 'supplierName' },
          { title: t(m.amount), dataIndex: 'amount', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
          { title: t(m.bankReference), dataIndex: 'bankReference' },
          { title: t(m.status), dataIndex: 'status', render: (s: string) => <StatusTag prefix="depositStatus_" status={s} /> },
          { title: t(m.notes), dataIndex: 'reason', ellipsis: true },
          { title: t(m.paidAt), dataIndex: 'paidAt', render: (v: string) => formatDateTime(v) },
          { title: t(common.actions), render: (_, d) => (canForfeit && d.status === 'held' ? <Button size="small" danger onClick={() => setForfeiting(d.supplierOrgId)}>{t(m.forfeit)}</Button> : null) },
        ]}
      />
      <ReasonModal open={forfeiting !== null} title={t(m.forfeit)} label={t(m.forfeitReason)} onClose={() => setForfeiting(null)} onOk={(reason) => act(() => api.post('/tenders/{tenderId}/deposits/forfeit', { params: { tenderId: tender.id }, body: { supplierOrgId: forfeiting!, reason } }))} />
    </Card>
  );
}

/** The opening page (开标): window, progress to the quorum, each opener's confirmation, then the record. */
function OpeningPanel({ tender, reload, tick }: { tender: TenderDetail; reload: Reload; tick: number }) {
  const { t } = useI18n();
  const act = useAct(reload);
  const [confirming, setConfirming] = useState(false);
  const [rescheduling, setRescheduling] = useState(false);
  const opening = useApiData((signal) => api.get('/tenders/{tenderId}/opening', { params: { tenderId: tender.id }, signal }), [tender.id, tick]);
  if (opening.error) return <LoadError error={opening.error} onRetry={opening.reload} />;
  if (!opening.data) return <Card loading size="small" />;
  const o = opening.data;
  const iAmOpener = tender.myRoles.includes('opener');
  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16} align="middle">
          <Col xs={24} md={14}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {o.record ? <UnlockOutlined /> : <LockOutlined />} {o.record ? t(m.openingRecord) : t(m.notOpenedYet)}
            </Typography.Title>
            <Typography.Paragraph>{t(m.openingWindowText, { from: formatDateTime(o.openingAt), to: formatDateTime(o.windowEndsAt) })}</Typography.Paragraph>
            {!o.record ? <Typography.Paragraph type="secondary">{t(m.bidCountSealed)}</Typography.Paragraph> : null}
          </Col>
          <Col xs={24} md={10}>
            <Progress percent={Math.round((Math.min(o.confirmed, o.quorum) / o.quorum) * 100)} format={() => t(m.openingProgress, { n: o.confirmed, q: o.quorum })} data-testid="opening-progress" />
            <Space style={{ marginTop: 8 }} wrap>
              {iAmOpener && !o.record && tender.status === 'closed' ? (
                <Button type="primary" icon={<UnlockOutlined />} onClick={() => setConfirming(true)} data-testid="confirm-opening">
                  {t(m.confirmOpening)}
                </Button>
              ) : null}
              {tender.actions.includes('reschedule_opening') && !o.record ? <Button onClick={() => setRescheduling(true)}>{t(m.rescheduleOpening)}</Button> : null}
            </Space>
          </Col>
        </Row>
        {o.openers ? (
          <Space wrap style={{ marginTop: 8 }}>
            {o.openers.map((p) => (
              <Tag key={p.userId} color={p.locked ? 'red' : p.confirmedAt ? 'green' : 'default'} icon={p.confirmedAt ? <UnlockOutlined /> : <LockOutlined />}>
                {p.name}
                {p.confirmedAt ? ` · ${formatDateTime(p.confirmedAt, true)}` : ''}
                {p.locked ? ` · ${t(m.locked)}` : ''}
              </Tag>
            ))}
          </Space>
        ) : null}
      </Card>
      {o.record ? <OpeningRecord record={o.record} /> : null}
      <PassphraseModal
        open={confirming}
        title={t(m.confirmOpening)}
        onClose={() => setConfirming(false)}
        onOk={(passphrase) => act(() => api.post('/tenders/{tenderId}/opening/confirm', { params: { tenderId: tender.id }, body: { passphrase } }))}
      />
      <Modal open={rescheduling} title={t(m.rescheduleOpening)} onCancel={() => setRescheduling(false)} footer={null} destroyOnHidden>
        <Form layout="vertical" initialValues={{ openingAt: dayjs().add(1, 'hour').minute(0) }} onFinish={(v: { openingAt: dayjs.Dayjs }) => act(() => api.post('/tenders/{tenderId}/opening/reschedule', { params: { tenderId: tender.id }, body: { openingAt: v.openingAt.toISOString() } })).then((ok) => ok && setRescheduling(false))}>
          <Form.Item name="openingAt" label={t(m.openingAt)} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t(common.confirm)}
          </Button>
        </Form>
      </Modal>
    </>
  );
}

interface RecordBid {
  bidId: string;
  supplierName: string;
  submittedAt: string;
  sealedSha256: string;
  subtotal: string;
  tax: string;
  totalPrice: string;
  leadTimeDays: number;
  lines: Array<{ lineNo: number; name: string; quantity: string; uom: string; unitPrice: string; amount: string }>;
}

function OpeningRecord({ record }: { record: NonNullable<Opening['record']> }) {
  const { t, lang } = useI18n();
  const bids = record.bids as RecordBid[];
  const excluded = record.excluded as Array<{ supplierName: string; reason: string }>;
  const openers = record.openers as Array<{ name: string; confirmedAt: string }>;
  return (
    <Card size="small" title={`${t(m.openingRecord)} · ${formatDateTime(record.openedAt, true)}`} data-testid="opening-record">
      <Typography.Paragraph>
        {t(m.openedBy)}: {openers.map((o) => `${o.name} (${formatDateTime(o.confirmedAt, true)})`).join('、')}
      </Typography.Paragraph>
      <Table<RecordBid>
        size="small"
        rowKey="bidId"
        pagination={false}
        dataSource={bids}
        expandable={{
          expandedRowRender: (b) => (
            <Table
              size="small"
              rowKey="lineNo"
              pagination={false}
              dataSource={b.lines}
              columns={[
                { title: t(m.item), render: (_, l) => `${l.lineNo}. ${l.name}` },
                { title: t(m.quantity), render: (_, l) => `${qtyText(l.quantity)} ${l.uom}`, align: 'right' },
                { title: t(m.unitPrice), dataIndex: 'unitPrice', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
                { title: t(m.amount), dataIndex: 'amount', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
              ]}
            />
          ),
        }}
        columns={[
          { title: t(m.supplier), dataIndex: 'supplierName' },
          { title: t(m.total), dataIndex: 'totalPrice', align: 'right', render: (v: string) => <Typography.Text strong>{formatMoney(v, 'CNY', lang)}</Typography.Text> },
          { title: t(m.leadTime), dataIndex: 'leadTimeDays', align: 'right' },
          { title: t(m.submittedAt), dataIndex: 'submittedAt', render: (v: string) => formatDateTime(v, true) },
          { title: t(m.receiptHash), dataIndex: 'sealedSha256', render: (v: string) => <Typography.Text className="mono" copyable={{ text: v }}>{`${v.slice(0, 12)}…`}</Typography.Text> },
        ]}
      />
      {excluded.length ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t(m.excluded)}: {excluded.map((e) => e.supplierName).join('、')}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

/** The evaluation workspace (评标): declaration, own scores per bid, others' after submitting, results. */
function EvaluationPanel({ tender, reload, tick }: { tender: TenderDetail; reload: Reload; tick: number }) {
  const { t, lang } = useI18n();
  const act = useAct(reload);
  const evaluation = useApiData((signal) => api.get('/tenders/{tenderId}/evaluation', { params: { tenderId: tender.id }, signal }), [tender.id, tick]);
  const [scores, setScores] = useState<Record<string, { technical: string; commercial: string; comment: string }>>({});
  const e = evaluation.data;
  useEffect(() => {
    if (e) setScores(Object.fromEntries(e.myScores.map((s) => [s.bidId, { technical: s.technical, commercial: s.commercial, comment: s.comment ?? '' }])));
  }, [e]);
  if (evaluation.error) return <LoadError error={evaluation.error} onRetry={evaluation.reload} />;
  if (!e) return <Card loading size="small" />;
  const canScore = tender.status === 'opened' && e.me && e.me.declared && !e.me.conflict && !e.me.submitted;
  const save = (submit: boolean) =>
    act(() =>
      api.put('/tenders/{tenderId}/evaluation/scores', {
        params: { tenderId: tender.id },
        body: { submit, scores: Object.entries(scores).map(([bidId, s]) => ({ bidId, technical: s.technical, commercial: s.commercial, comment: s.comment || null })) },
      }),
    );
  return (
    <>
      {e.me && !e.me.declared && tender.status === 'opened' ? <Declaration tenderId={tender.id} reload={reload} /> : null}
      {e.committee ? (
        <Card size="small" title={t(m.committee)} style={{ marginBottom: 16 }}>
          <Space wrap>
            {e.committee.map((c) => (
              <Tag key={c.userId} color={c.conflict ? 'volcano' : c.submitted ? 'green' : c.declared ? 'blue' : 'default'}>
                {c.name} · {c.conflict ? t(m.recused) : c.submitted ? t(m.submittedScores) : c.declared ? t(m.declared) : t(m.notDeclared)}
              </Tag>
            ))}
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t(label('method_', e.method))} · {t(m.priceFormula)}
          </Typography.Paragraph>
        </Card>
      ) : null}
      {e.bids ? (
        <Card size="small" title={t(m.evaluation)} style={{ marginBottom: 16 }}>
          <Table
            size="small"
            rowKey="bidId"
            pagination={false}
            dataSource={e.bids}
            scroll={{ x: 900 }}
            expandable={{
              expandedRowRender: (b) => {
                const c = b.content as { technicalProposal?: string; commercialTerms?: string | null; warrantyMonths?: number | null; validityDays?: number };
                return (
                  <Descriptions size="small" column={1}>
                    <Descriptions.Item label={t(m.technicalProposal)}>{c.technicalProposal}</Descriptions.Item>
                    <Descriptions.Item label={t(m.commercialTerms)}>{c.commercialTerms ?? '—'}</Descriptions.Item>
                    <Descriptions.Item label={t(m.warrantyMonths)}>{c.warrantyMonths ?? '—'}</Descriptions.Item>
                    <Descriptions.Item label={t(m.validityDays)}>{c.validityDays ?? '—'}</Descriptions.Item>
                  </Descriptions>
                );
              },
            }}
            columns={[
              { title: t(m.supplier), dataIndex: 'supplierName' },
              { title: t(m.total), dataIndex: 'totalPrice', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
              ...(e.me && !e.me.conflict
                ? [
                    {
                      title: t(m.scoreTechnical),
                      width: 110,
                      render: (_: unknown, b: { bidId: string }) => (
                        <InputNumber min={0} max={100} disabled={!canScore} value={scores[b.bidId]?.technical ? Number(scores[b.bidId]!.technical) : undefined} onChange={(v) => setScores((cur) => ({ ...cur, [b.bidId]: { technical: v === null ? '' : String(v), commercial: cur[b.bidId]?.commercial ?? '', comment: cur[b.bidId]?.comment ?? '' } }))} data-testid={`score-tech-${b.bidId}`} />
                      ),
                    },
                    {
                      title: t(m.scoreCommercial),
                      width: 110,
                      render: (_: unknown, b: { bidId: string }) => (
                        <InputNumber min={0} max={100} disabled={!canScore} value={scores[b.bidId]?.commercial ? Number(scores[b.bidId]!.commercial) : undefined} onChange={(v) => setScores((cur) => ({ ...cur, [b.bidId]: { technical: cur[b.bidId]?.technical ?? '', commercial: v === null ? '' : String(v), comment: cur[b.bidId]?.comment ?? '' } }))} data-testid={`score-comm-${b.bidId}`} />
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {canScore ? (
            <Space style={{ marginTop: 12 }}>
              <Button onClick={() => save(false)}>{t(m.saveScores)}</Button>
              <Popconfirm title={t(m.submitScores)} onConfirm={() => save(true)}>
                <Button type="primary" data-testid="submit-scores">
                  {t(m.submitScores)}
                </Button>
              </Popconfirm>
            </Space>
          ) : null}
        </Card>
      ) : tender.openedAt === null ? (
        <Alert type="info" showIcon icon={<LockOutlined />} message={t(m.bidCountSealed)} style={{ marginBottom: 16 }} />
      ) : null}
      {e.me && !e.me.conflict ? (
        <Card size="small" title={t(m.othersScores)} style={{ marginBottom: 16 }}>
          {e.otherScores === null ? (
            <Typography.Text type="secondary">{t(m.othersHidden)}</Typography.Text>
          ) : (
            <Table size="small" rowKey={(s) => `${s.evaluatorId}-${s.bidId}`} pagination={false} dataSource={e.otherScores} locale={{ emptyText: t(m.none) }} columns={[
              { title: t(m.supplier), dataIndex: 'bidId', render: (id: string) => e.bids?.find((b) => b.bidId === id)?.supplierName ?? id },
              { title: t(m.evaluator), dataIndex: 'evaluatorId', render: (id: string) => e.committee?.find((c) => c.userId === id)?.name ?? id },
              { title: t(m.scoreTechnical), dataIndex: 'technical', align: 'right' },
              { title: t(m.scoreCommercial), dataIndex: 'commercial', align: 'right' },
            ]} />
          )}
        </Card>
      ) : null}
      {e.results ? <Results results={e.results} /> : null}
    </>
  );
}

function Declaration({ tenderId, reload }: { tenderId: string; reload: Reload }) {
  const { t } = useI18n();
  const act = useAct(reload);
  const [form] = Form.useForm<{ conflict: boolean; statement?: string }>();
  return (
    <Card size="small" title={t(m.declare)} style={{ marginBottom: 16 }}>
      <Form form={form} layout="vertical" initialValues={{ conflict: false }} onFinish={(v) => act(() => api.post('/tenders/{tenderId}/evaluation/declaration', { params: { tenderId }, body: { conflict: v.conflict, statement: v.statement?.trim() || null } }))}>
        <Form.Item name="conflict">
          <Radio.Group options={[{ value: false, label: t(m.noConflict) }, { value: true, label: t(m.hasConflict) }]} />
        </Form.Item>
        <Form.Item name="statement" label={t(m.declarationStatement)} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="declare">
          {t(common.confirm)}
        </Button>
      </Form>
    </Card>
  );
}

function Results({ results }: { results: NonNullable<Evaluation['results']> }) {
  const { t, lang } = useI18n();
  return (
    <Card size="small" title={t(m.results)} style={{ marginBottom: 16 }} data-testid="results">
      <Table
        size="small"
        rowKey="bidId"
        pagination={false}
        dataSource={results}
        columns={[
          { title: t(m.rank), dataIndex: 'rank', render: (r: number | null) => (r === 1 ? <Tag color="gold" icon={<TrophyOutlined />}>1</Tag> : r ?? '—') },
          { title: t(m.supplier), dataIndex: 'supplierName' },
          { title: t(m.evaluatedPrice), dataIndex: 'evaluatedPrice', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
          { title: t(m.scorePrice), dataIndex: 'priceScore', align: 'right' },
          { title: t(m.scoreTechnical), dataIndex: 'technicalScore', align: 'right' },
          { title: t(m.scoreCommercial), dataIndex: 'commercialScore', align: 'right' },
          { title: t(m.scoreTotal), dataIndex: 'totalScore', align: 'right', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t(m.passed), dataIndex: 'passed', render: (p: boolean) => (p ? <Tag color="green">{t(m.yes)}</Tag> : <Tag color="red">{t(m.no)}</Tag>) },
        ]}
      />
    </Card>
  );
}

function AwardPanel({ tender, reload, tick }: { tender: TenderDetail; reload: Reload; tick: number }) {
  const { t } = useI18n();
  const act = useAct(reload);
  const awards = useApiData((signal) => api.get('/tenders/{tenderId}/awards', { params: { tenderId: tender.id }, signal }), [tender.id, tick]);
  const evaluation = useApiData((signal) => api.get('/tenders/{tenderId}/evaluation', { params: { tenderId: tender.id }, signal }), [tender.id, tick]);
  const [other, setOther] = useState<string | null>(null);
  const candidates = (evaluation.data?.results ?? []).filter((r) => r.rank !== null);
  return (
    <>
      {tender.status === 'evaluated' ? (
        <Card size="small" title={t(m.awardTab)} style={{ marginBottom: 16 }}>
          <Space wrap>
            <Button type="primary" icon={<TrophyOutlined />} onClick={() => act(() => api.post('/tenders/{tenderId}/award', { params: { tenderId: tender.id }, body: { version: tender.version } }))} data-testid="award-first">
              {t(m.awardFirst)}
            </Button>
            {candidates.slice(1).map((c) => (
              <Button key={c.bidId} onClick={() => setOther(c.bidId)}>
                {`${t(m.awardTo)} ${c.rank}. ${c.supplierName}`}
              </Button>
            ))}
          </Space>
        </Card>
      ) : null}
      {tender.orderId ? (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} message={<Link to={`/buyer/orders/${tender.orderId}`}>{t(m.openOrder)}</Link>} />
      ) : null}
      <Card size="small" title={t(m.awards)}>
        <Table
          size="small"
          rowKey="id"
          loading={awards.loading}
          pagination={false}
          dataSource={awards.data?.items ?? []}
          locale={{ emptyText: t(m.none) }}
          columns={[
            { title: t(m.rank), dataIndex: 'rank' },
            { title: t(m.supplier), dataIndex: 'supplierName' },
            { title: t(m.status), dataIndex: 'status', render: (s: string) => <StatusTag prefix="awardStatus_" status={s} /> },
            { title: t(m.confirmBy), dataIndex: 'confirmBy', render: (v: string, a) => (a.status === 'offered' ? <Countdown until={v} /> : formatDateTime(v)) },
            { title: t(m.notes), dataIndex: 'reason', ellipsis: true },
          ]}
        />
      </Card>
      {evaluation.data?.results ? <div style={{ marginTop: 16 }}><Results results={evaluation.data.results} /></div> : null}
      <ReasonModal open={other !== null} danger={false} title={t(m.awardTo)} label={t(m.awardReason)} onClose={() => setOther(null)} onOk={(reason) => act(() => api.post('/tenders/{tenderId}/award', { params: { tenderId: tender.id }, body: { bidId: other!, reason, version: tender.version } }))} />
    </>
  );
}

// --- supplier --------------------------------------------------------------------------------------------------------

function SupplierTender({ tender, reload, tick }: { tender: TenderDetail; reload: Reload; tick: number }) {
  const { t } = useI18n();
  const opened = tender.openedAt !== null;
  return (
    <div className="page">
      <Header tender={tender} extra={tender.myBid ? <StatusTag prefix="bidStatus_" status={tender.myBid.status} testId="my-bid-status" /> : null} />
      <Tabs
        items={[
          { key: 'overview', label: t(m.overview), children: <Overview tender={tender} /> },
          { key: 'bid', label: t(m.bidding), children: <SupplierBidding tender={tender} reload={reload} /> },
          ...(opened ? [{ key: 'opening', label: t(m.opening), children: <SupplierOpening tender={tender} tick={tick} /> }] : []),
          ...(opened ? [{ key: 'result', label: t(m.results), children: <SupplierResult tender={tender} reload={reload} tick={tick} /> }] : []),
        ]}
        defaultActiveKey={opened ? 'result' : 'bid'}
      />
    </div>
  );
}

function SupplierBidding({ tender, reload }: { tender: TenderDetail; reload: Reload }) {
  const { t, lang } = useI18n();
  const act = useAct(reload);
  const onProblem = useProblemHandler();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [bidForm] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const reg = tender.myRegistration;
  const canBid = tender.actions.includes('bid') || tender.actions.includes('revise_bid');
  const submitBid = async (v: { lines: Array<{ unitPrice: string; taxRate: string }>; leadTimeDays: number; warrantyMonths?: number; validityDays: number; technicalProposal: string; commercialTerms?: string }) => {
    setBusy(true);
    try {
      const r = await api.put('/tenders/{tenderId}/bid', {
        params: { tenderId: tender.id },
        idempotencyKey: newKey(),
        body: {
          documentRevision: tender.documentRevision,
          lines: tender.lines.map((l, i) => ({ tenderLineId: l.id, unitPrice: v.lines[i]!.unitPrice, taxRate: v.lines[i]!.taxRate })),
          leadTimeDays: v.leadTimeDays,
          warrantyMonths: v.warrantyMonths ?? null,
          validityDays: v.validityDays,
          technicalProposal: v.technicalProposal.trim(),
          commercialTerms: v.commercialTerms?.trim() || null,
        },
      });
      void message.success(t(m.bidSaved, { n: r.revision }));
      bidForm.resetFields();
      reload();
    } catch (error) {
      onProblem(error, bidForm);
      if (isProblem(error) && error.code === 'resource.version_conflict') reload();
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {!reg ? (
        tender.actions.includes('register') ? (
          <Card size="small" title={t(m.registerNow)} style={{ marginBottom: 16 }}>
            <Form form={form} layout="vertical" onFinish={(v: { statement?: string; contactName?: string; contactPhone?: string }) => act(() => api.post('/tenders/{tenderId}/registration', { params: { tenderId: tender.id }, body: { statement: v.statement?.trim() || null, contactName: v.contactName?.trim() || null, contactPhone: v.contactPhone?.trim() || null } }))}>
              <Form.Item name="statement" label={t(m.statement)} rules={[{ max: 5000 }]}>
                <Input.TextArea rows={3} placeholder={tender.qualificationRequirements ?? undefined} />
              </Form.Item>
              <Row gutter={16}>
                <Col xs={12}>
                  <Form.Item name="contactName" label={t(m.contactName)} rules={[{ max: 100 }]}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col xs={12}>
                  <Form.Item name="contactPhone" label={t(m.contactPhone)} rules={[{ max: 40 }]}>
                    <Input />
                  </Form.Item>
                </Col>
              </Row>
              <Button type="primary" htmlType="submit" data-testid="register">
                {t(m.registerNow)}
              </Button>
            </Form>
          </Card>
        ) : (
          <Empty description={t(m.ended)} />
        )
      ) : (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t(m.myRegistration)}>
              <StatusTag prefix="regStatus_" status={reg.status} testId="registration-status" />
            </Descriptions.Item>
            <Descriptions.Item label={t(m.depositAmount)}>
              {formatMoney(tender.depositAmount, 'CNY', lang)} {tender.myDeposit ? <StatusTag prefix="depositStatus_" status={tender.myDeposit.status} /> : null}
            </Descriptions.Item>
            {reg.note ? <Descriptions.Item label={t(m.notes)}>{reg.note}</Descriptions.Item> : null}
          </Descriptions>
          {tender.actions.includes('pay_deposit') ? (
            <Form layout="inline" onFinish={(v: { bankReference: string }) => act(() => api.post('/tenders/{tenderId}/deposit', { params: { tenderId: tender.id }, body: { amount: tender.depositAmount, bankReference: v.bankReference.trim() } }), t(m.depositPaid))} style={{ marginTop: 8 }}>
              <Form.Item name="bankReference" label={t(m.bankReference)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 100 }]}>
                <Input data-testid="bank-reference" />
              </Form.Item>
              <Button type="primary" htmlType="submit" data-testid="pay-deposit">
                {t(m.payDeposit)}
              </Button>
            </Form>
          ) : null}
        </Card>
      )}
      {tender.myBid ? (
        <Card size="small" title={<><LockOutlined /> {t(m.receipt)}</>} style={{ marginBottom: 16 }} data-testid="bid-receipt">
          {tender.myBid.needsReconfirmation ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t(m.reconfirmNeeded, { n: tender.documentRevision })} /> : null}
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t(m.status)}>
              <StatusTag prefix="bidStatus_" status={tender.myBid.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t(m.revision)}>{tender.myBid.revision}</Descriptions.Item>
            <Descriptions.Item label={t(m.submittedAt)}>{formatDateTime(tender.myBid.submittedAt, true)}</Descriptions.Item>
            {tender.myBid.sealedSha256 ? (
              <Descriptions.Item label={t(m.receiptHash)} span={3}>
                <Typography.Text className="mono" copyable>
                  {tender.myBid.sealedSha256}
                </Typography.Text>
              </Descriptions.Item>
            ) : null}
            {tender.myBid.totalPrice ? <Descriptions.Item label={t(m.total)}>{formatMoney(tender.myBid.totalPrice, 'CNY', lang)}</Descriptions.Item> : null}
          </Descriptions>
          <Space>
            {tender.actions.includes('reconfirm_bid') ? (
              <Button type="primary" onClick={() => act(() => api.post('/tenders/{tenderId}/bid/reconfirm', { params: { tenderId: tender.id }, body: { documentRevision: tender.documentRevision } }))} data-testid="reconfirm-bid">
                {t(m.reconfirmBid)}
              </Button>
            ) : null}
            {tender.actions.includes('withdraw_bid') ? (
              <Popconfirm title={t(m.withdrawBid)} onConfirm={() => act(() => api.post('/tenders/{tenderId}/bid/withdraw', { params: { tenderId: tender.id }, body: {} }))}>
                <Button danger>{t(m.withdrawBid)}</Button>
              </Popconfirm>
            ) : null}
          </Space>
        </Card>
      ) : null}
      {canBid ? (
        <Card size="small" title={<><LockOutlined /> {tender.myBid?.status === 'submitted' ? t(m.replaceBid) : t(m.sealedBid)}</>}>
          <Alert type="info" showIcon message={t(m.sealedBidHint)} style={{ marginBottom: 12 }} />
          <Form form={bidForm} layout="vertical" onFinish={submitBid} initialValues={{ lines: tender.lines.map(() => ({ taxRate: '0.13' })), validityDays: 90, leadTimeDays: 30 }}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={tender.lines}
              columns={[
                { title: t(m.item), render: (_, l) => `${l.lineNo}. ${l.name}` },
                { title: t(m.quantity), render: (_, l) => `${qtyText(l.quantity)} ${l.uom}`, align: 'right' },
                {
                  title: t(m.unitPrice),
                  render: (_, l, i) => (
                    <Form.Item name={['lines', i, 'unitPrice']} noStyle rules={[{ required: true, message: t(common.fieldRequired) }, { pattern: DECIMAL, message: t(common.fieldFormat) }]}>
                      <Input autoComplete="off" data-testid={`bid-price-${i}`} />
                    </Form.Item>
                  ),
                },
                {
                  title: t(m.taxRate),
                  width: 100,
                  render: (_, l, i) => (
                    <Form.Item name={['lines', i, 'taxRate']} noStyle rules={[{ required: true }, { pattern: TAX_RATE, message: t(common.fieldFormat) }]}>
                      <Input />
                    </Form.Item>
                  ),
                },
              ]}
            />
            <Row gutter={16} style={{ marginTop: 12 }}>
              <Col xs={8}>
                <Form.Item name="leadTimeDays" label={t(m.leadTime)} rules={[{ required: true }]}>
                  <InputNumber min={0} max={3650} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={8}>
                <Form.Item name="warrantyMonths" label={t(m.warrantyMonths)}>
                  <InputNumber min={0} max={600} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={8}>
                <Form.Item name="validityDays" label={t(m.validityDays)} rules={[{ required: true }]}>
                  <InputNumber min={1} max={730} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item name="technicalProposal" label={t(m.technicalProposal)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 20_000 }]}>
                  <Input.TextArea rows={4} data-testid="bid-technical" />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item name="commercialTerms" label={t(m.commercialTerms)} rules={[{ max: 5000 }]}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit" loading={busy} icon={<LockOutlined />} data-testid="submit-bid">
              {tender.myBid?.status === 'submitted' ? t(m.replaceBid) : t(m.submitBid)}
            </Button>
          </Form>
        </Card>
      ) : null}
    </>
  );
}

function SupplierOpening({ tender, tick }: { tender: TenderDetail; tick: number }) {
  const { t } = useI18n();
  const opening = useApiData((signal) => api.get('/tenders/{tenderId}/opening', { params: { tenderId: tender.id }, signal }), [tender.id, tick]);
  if (!opening.data) return <Card loading size="small" />;
  return opening.data.record ? <OpeningRecord record={opening.data.record} /> : <Empty description={t(m.notOpenedYet)} />;
}

function SupplierResult({ tender, reload, tick }: { tender: TenderDetail; reload: Reload; tick: number }) {
  const { t } = useI18n();
  const act = useAct(reload);
  const awards = useApiData((signal) => api.get('/tenders/{tenderId}/awards', { params: { tenderId: tender.id }, signal }), [tender.id, tick]);
  const evaluation = useApiData((signal) => api.get('/tenders/{tenderId}/evaluation', { params: { tenderId: tender.id }, signal }), [tender.id, tick]);
  const [declining, setDeclining] = useState(false);
  const current = awards.data?.current;
  return (
    <>
      {current ? (
        <Card size="small" style={{ marginBottom: 16 }} data-testid="award-offer">
          <Alert type="success" showIcon icon={<TrophyOutlined />} message={t(m.awardToYou, { time: formatDateTime(current.confirmBy) })} description={<Countdown until={current.confirmBy} />} style={{ marginBottom: 12 }} />
          <Space>
            <Button type="primary" onClick={() => act(() => api.post('/tenders/{tenderId}/award/confirm', { params: { tenderId: tender.id }, body: {} }))} data-testid="confirm-award">
              {t(m.confirmAward)}
            </Button>
            <Button danger onClick={() => setDeclining(true)}>
              {t(m.declineAward)}
            </Button>
          </Space>
        </Card>
      ) : null}
      {(awards.data?.items ?? []).filter((a) => a.status !== 'offered').map((a) => (
        <Alert key={a.id} style={{ marginBottom: 12 }} type={a.status === 'confirmed' ? 'success' : 'warning'} showIcon message={`${t(label('awardStatus_', a.status))} · ${formatDateTime(a.decidedAt)}`} />
      ))}
      {evaluation.data?.results ? <Results results={evaluation.data.results} /> : <Empty description={t(m.none)} />}
      <ReasonModal open={declining} title={t(m.declineAward)} label={`${t(m.declineReason)} — ${t(m.declineWarning)}`} onClose={() => setDeclining(false)} onOk={(reason) => act(() => api.post('/tenders/{tenderId}/award/decline', { params: { tenderId: tender.id }, body: { reason } }))} />
    </>
  );
}

