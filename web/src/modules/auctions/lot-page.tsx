import { App, Alert, Badge, Button, Card, Col, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ClockCircleOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import { formatDuration, fromCents, label, phaseOf, stepAt, toCents, type Bid, type Lot, type LotLiveState, type Participant } from './api.ts';
import { m } from './messages.ts';
import { KindTag, LotStatusTag, newKey, useWorkspace } from './parts.tsx';
import { useLiveTopic, useServerNow } from './use-live.ts';

/** One lot: the owner's console, a bidder's auction room, or the supervisor's read-only view. */
export default function LotPage() {
  const { lotId = '' } = useParams();
  const lot = useApiData((signal) => api.get('/auctions/lots/{lotId}', { params: { lotId }, signal }), [lotId]);
  const live = useLiveTopic<LotLiveState>(lotId ? `auction:${lotId}` : null);
  // A status the page has not loaded yet (published → closed → awarded …): read the lot again.
  useEffect(() => {
    if (live.data && lot.data && live.data.status !== lot.data.status) lot.reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live.data?.status]);
  if (lot.error) return <LoadError error={lot.error} onRetry={lot.reload} />;
  if (!lot.data) return <PageLoading />;
  const owner = lot.data.role === 'owner' || lot.data.role === 'operator';
  return (
    <div className="page">
      <LotHeader lot={lot.data} connected={live.connected} />
      <Clock lot={lot.data} live={live.data} />
      {owner ? <OwnerConsole lot={lot.data} live={live.data} reload={lot.reload} /> : <Room lot={lot.data} live={live.data} reload={lot.reload} />}
    </div>
  );
}

function LotHeader({ lot, connected }: { lot: Lot; connected: boolean }) {
  const { t } = useI18n();
  return (
    <PageHeader
      title={
        <Space>
          <span>{lot.title}</span>
          <KindTag kind={lot.kind} />
          <LotStatusTag status={lot.status} />
        </Space>
      }
      subtitle={`${lot.number} · ${lot.itemName}${lot.itemSpec ? ` · ${lot.itemSpec}` : ''} · ${lot.quantity} ${lot.uom}`}
      extra={lot.status === 'published' ? <Badge status={connected ? 'processing' : 'warning'} text={t(connected ? m.live : m.reconnecting)} data-testid="live-badge" /> : null}
    />
  );
}

/** The countdown runs on the server's clock (the offset comes with every live message). */
function Clock({ lot, live }: { lot: Lot; live: LotLiveState | null }) {
  const { t, lang } = useI18n();
  const now = useServerNow();
  const state = live ?? { status: lot.status, startsAtMs: Date.parse(lot.startsAt), endsAtMs: Date.parse(lot.endsAt), extensions: lot.extensions, maxExtensions: lot.antiSniping.maxExtensions, bidCount: lot.bidCount, bidders: 0 };
  const phase = phaseOf(state, now);
  const offset = now - Date.now();
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="lot-clock">
      <Row gutter={24} align="middle">
        <Col xs={24} md={8}>
          <Statistic
            title={<Space><ClockCircleOutlined />{t(phase === 'upcoming' ? m.untilStart : phase === 'running' ? m.countdown : m.ended)}</Space>}
            value={phase === 'ended' ? '—' : formatDuration((phase === 'upcoming' ? state.startsAtMs : state.endsAtMs) - now, lang)}
            valueStyle={{ fontVariantNumeric: 'tabular-nums', color: phase === 'running' && state.endsAtMs - now < 60_000 ? '#cf1322' : undefined }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(m.serverClock, { offset: `${offset >= 0 ? '+' : ''}${(offset / 1000).toFixed(1)}s` })}
          </Typography.Text>
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t(m.endsAt)} value={formatDateTime(new Date(state.endsAtMs).toISOString(), true)} valueStyle={{ fontSize: 16 }} />
          {state.extensions ? <Tag color="orange">{t(m.extensions, { n: state.extensions, max: state.maxExtensions })}</Tag> : null}
        </Col>
        <Col xs={6} md={4}>
          <Statistic title={t(m.bids)} value={state.bidCount} />
        </Col>
        <Col xs={6} md={4}>
          <Statistic title={t(m.bidders)} value={live?.bidders ?? '—'} />
        </Col>
        <Col xs={24} md={4}>
          <Statistic title={t(m.startPrice)} value={formatMoney(lot.startPrice, lot.currency, lang)} valueStyle={{ fontSize: 16 }} />
        </Col>
      </Row>
    </Card>
  );
}

// --- the bidder's room ------------------------------------------------------------------------

function Room({ lot, live, reload }: { lot: Lot; live: LotLiveState | null; reload: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const now = useServerNow(500);
  const [price, setPrice] = useState('');
  const [busy, setBusy] = useState(false);
  const [depositOpen, setDepositOpen] = useState(false);
  const [payOpen, setPayOpen] = useState(false);
  const bids = useApiData((signal) => api.get('/auctions/lots/{lotId}/bids', { params: { lotId: lot.id }, query: { limit: 50 }, signal }), [lot.id, live?.seq ?? 0]);
  const me = lot.me;
  const reverse = lot.kind === 'reverse';
  const myPrice = live?.myPrice ?? me?.price ?? null;
  const best = live?.bestPrice ?? lot.bestPrice;
  const rank = live?.myRank ?? me?.rank ?? null;
  const phase = phaseOf(live ?? { status: lot.status, startsAtMs: Date.parse(lot.startsAt), endsAtMs: Date.parse(lot.endsAt) }, now);

  // The least aggressive price the server would accept now (what the hint says).
  const hint = useMemo(() => {
    const start = toCents(lot.startPrice)!;
    const better = (a: bigint, b: bigint) => (reverse ? a < b : a > b);
    const beat = (ref: bigint) => (reverse ? ref - stepAt(lot.stepType, lot.stepValue, ref) : ref + stepAt(lot.stepType, lot.stepValue, ref));
    let bound = start;
    const own = myPrice ? toCents(myPrice) : null;
    const bestC = best ? toCents(best) : null;
    if (own !== null) bound = better(beat(own), bound) ? beat(own) : bound;
    if (lot.bidRule === 'beat_best' && bestC !== null) bound = better(beat(bestC), bound) ? beat(bestC) : bound;
    const step = stepAt(lot.stepType, lot.stepValue, own ?? bestC ?? start);
    return { limit: fromCents(bound), step: fromCents(step) };
  }, [lot, myPrice, best, reverse]);

  const placeBid = async () => {
    setBusy(true);
    try {
      const r = await api.post('/auctions/lots/{lotId}/bids', { params: { lotId: lot.id }, body: { price: price.trim() }, idempotencyKey: newKey() });
      void message.success(t(m.bidAccepted, { seq: r.seq, rank: r.rank ?? '—' }));
      if (r.extended) void message.info(t(m.bidExtended));
      setPrice('');
    } catch (error) {
      handleProblem(error);
    } finally {
      setBusy(false);
    }
  };

  const act = async (run: () => Promise<unknown>) => {
    try {
      await run();
      reload();
    } catch (error) {
      handleProblem(error);
    }
  };

  const reason = me?.reason ?? (lot.role === 'observer' ? 'not_registered' : null);
  const depositDue = lot.depositAmount !== '0.00' && me && me.depositStatus === 'none' && !['rejected', 'disqualified'].includes(me.status);
  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        <Card size="small" title={t(m.roomTitle)} style={{ marginBottom: 16 }} data-testid="room-standing">
          <Row gutter={16}>
            <Col span={8}>
              <Statistic title={t(m.myRank)} value={rank ?? '—'} valueStyle={{ color: rank === 1 ? '#389e0d' : undefined }} />
            </Col>
            <Col span={8}>
              <Statistic title={t(m.myPrice)} value={myPrice ? formatMoney(myPrice, lot.currency, lang) : '—'} valueStyle={{ fontSize: 20 }} />
            </Col>
            <Col span={8}>
              <Statistic title={t(m.bestPrice)} value={best ? formatMoney(best, lot.currency, lang) : '—'} valueStyle={{ fontSize: 20 }} />
              {!best && lot.visibility === 'rank' ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(m.hiddenBest)}</Typography.Text> : null}
            </Col>
          </Row>
          <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="room-rank-line">
            {rank === null ? t(m.noBidYet) : rank === 1 ? <Typography.Text type="success">{t(m.leading)}</Typography.Text> : t(m.notLeading, { rank })}
          </Typography.Paragraph>
        </Card>

        {lot.status === 'published' ? (
          <Card size="small" title={t(m.placeBid)} style={{ marginBottom: 16 }}>
            {reason ? (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Alert type="warning" showIcon message={t(m.cannotBid, { reason: t(label('reason_', reason)) })} />
                <Space>
                  {reason === 'not_registered' || reason === 'invitation_pending' ? (
                    <Button type="primary" onClick={() => void act(() => api.post('/auctions/lots/{lotId}/registration', { params: { lotId: lot.id } }))} data-testid="register">
                      {t(reason === 'invitation_pending' ? m.acceptInvitation : m.register)}
                    </Button>
                  ) : null}
                  {depositDue ? <Button onClick={() => setDepositOpen(true)}>{t(m.payDeposit)}</Button> : null}
                </Space>
              </Space>
            ) : (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space.Compact style={{ width: '100%' }}>
                  <Input
                    prefix="¥"
                    size="large"
                    value={price}
                    maxLength={18}
                    onChange={(e) => setPrice(e.target.value)}
                    onPressEnter={() => void placeBid()}
                    placeholder={hint.limit}
                    disabled={phase !== 'running'}
                    data-testid="bid-input"
                  />
                  <Button type="primary" size="large" icon={<ThunderboltOutlined />} loading={busy} disabled={phase !== 'running' || !/^\d{1,15}(\.\d{1,2})?$/.test(price.trim())} onClick={() => void placeBid()} data-testid="bid-submit">
                    {t(m.placeBid)}
                  </Button>
                </Space.Compact>
                <Typography.Text type="secondary" data-testid="bid-hint">
                  {t(reverse ? m.bidHintReverse : m.bidHintForward, { limit: formatMoney(hint.limit, lot.currency, lang), step: formatMoney(hint.step, lot.currency, lang) })}
                </Typography.Text>
                {lot.proxyAllowed ? <ProxyForm lot={lot} onDone={reload} /> : null}
              </Space>
            )}
          </Card>
        ) : null}

        {me?.won && lot.kind === 'forward' ? (
          <Card size="small" title={t(m.won)} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={2} items={[
              { key: 'p', label: t(m.winningPrice), children: formatMoney(lot.winningPrice, lot.currency, lang) },
              { key: 't', label: t(m.saleTotal), children: formatMoney(lot.saleTotal, lot.currency, lang) },
              { key: 'b', label: t(m.payBy), children: formatDateTime(lot.payBy) },
              { key: 'd', label: t(m.depositStatus), children: t(label('depositStatus_', me.depositStatus)) },
            ]} />
            <Space style={{ marginTop: 8 }}>
              {lot.status === 'awarded' ? <Button type="primary" onClick={() => setPayOpen(true)}>{t(m.payBalance)}</Button> : null}
              {lot.status === 'paid' ? <Button type="primary" onClick={() => void act(() => api.post('/auctions/lots/{lotId}/collection', { params: { lotId: lot.id } }))}>{t(m.confirmCollection)}</Button> : null}
              {lot.status === 'completed' ? <Typography.Text type="success">{t(m.collected)}</Typography.Text> : null}
            </Space>
          </Card>
        ) : null}
        {me && ['awarded', 'paid', 'completed', 'defaulted'].includes(lot.status) && !me.won ? <Alert type="info" showIcon message={t(m.lost)} style={{ marginBottom: 16 }} /> : null}
        {me?.won && lot.kind === 'reverse' ? <Alert type="success" showIcon message={t(m.won)} style={{ marginBottom: 16 }} /> : null}
      </Col>
      <Col xs={24} lg={10}>
        <LotFacts lot={lot} />
        <Card size="small" title={t(m.bidHistory)}>
          <BidTable bids={bids.data?.items ?? []} loading={bids.loading} currency={lot.currency} showOrg={false} />
        </Card>
      </Col>
      <PayModal open={depositOpen} title={t(m.payDeposit)} amount={lot.depositAmount} currency={lot.currency} onClose={() => setDepositOpen(false)} onPay={(body) => act(() => api.post('/auctions/lots/{lotId}/deposit', { params: { lotId: lot.id }, body }))} />
      {lot.saleTotal ? (
        <PayModal
          open={payOpen}
          title={t(m.payBalance)}
          amount={fromCents(toCents(lot.saleTotal)! - (me?.depositStatus === 'held' ? toCents(me.depositAmount)! : 0n))}
          currency={lot.currency}
          onClose={() => setPayOpen(false)}
          onPay={(body) => act(() => api.post('/auctions/lots/{lotId}/payment', { params: { lotId: lot.id }, body }))}
        />
      ) : null}
    </Row>
  );
}

function ProxyForm({ lot, onDone }: { lot: Lot; onDone: () => void }) {
  const { t } = useI18n();
  const handleProblem = useProblemHandler();
  const [limit, setLimit] = useState(lot.me?.proxyLimit ?? '');
  const save = async (value: string | null) => {
    try {
      await api.post('/auctions/lots/{lotId}/proxy', { params: { lotId: lot.id }, body: { limit: value } });
      onDone();
    } catch (error) {
      handleProblem(error);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text strong>{t(m.proxy)}</Typography.Text>
      <Space.Compact>
        <Input prefix="¥" value={limit} maxLength={18} onChange={(e) => setLimit(e.target.value)} style={{ width: 200 }} />
        <Button onClick={() => void save(limit.trim())} disabled={!/^\d{1,15}(\.\d{1,2})?$/.test(limit.trim())}>{t(m.setProxy)}</Button>
        {lot.me?.proxyLimit ? <Button onClick={() => void save(null)}>{t(m.clearProxy)}</Button> : null}
      </Space.Compact>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(lot.kind === 'reverse' ? m.proxyHelpReverse : m.proxyHelpForward)}</Typography.Text>
    </Space>
  );
}

function PayModal({ open, title, amount, currency, onClose, onPay }: { open: boolean; title: string; amount: string; currency: string; onClose: () => void; onPay: (body: { amount: string; bankReference: string }) => Promise<void> }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ bankReference: string }>();
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() =>
        form.validateFields().then(async (v) => {
          await onPay({ amount, bankReference: v.bankReference });
          onClose();
        })
      }
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item label={t(m.amount)}>
          <Typography.Text strong>{formatMoney(amount, currency, lang)}</Typography.Text>
        </Form.Item>
        <Form.Item name="bankReference" label={t(m.bankReference)} rules={[{ required: true, message: t(common.fieldRequired) }, { pattern: /^[A-Za-z0-9_./:-]{1,100}$/, message: t(common.fieldFormat) }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LotFacts({ lot }: { lot: Lot }) {
  const { t, lang } = useI18n();
  const items = [
    { key: 'step', label: t(m.stepValue), children: lot.stepType === 'absolute' ? formatMoney(lot.stepValue, lot.currency, lang) : `${lot.stepValue}%` },
    { key: 'rule', label: t(m.bidRule), children: t(label('bidRule_', lot.bidRule)) },
    { key: 'tie', label: t(m.tiePolicy), children: t(label('tiePolicy_', lot.tiePolicy)) },
    { key: 'vis', label: t(m.visibility), children: t(label('visibility_', lot.visibility)) },
    { key: 'dep', label: t(m.deposit), children: formatMoney(lot.depositAmount, lot.currency, lang) },
    { key: 'tax', label: t(m.taxRate), children: `${Number(lot.taxRate) * 100}%` },
    ...(lot.antiSniping.windowSeconds
      ? [{ key: 'snipe', label: t(m.snipe), children: `${lot.antiSniping.windowSeconds}s → +${lot.antiSniping.extensionSeconds}s × ${lot.antiSniping.maxExtensions}` }]
      : []),
    ...(lot.reservePrice ? [{ key: 'res', label: t(m.reservePrice), children: formatMoney(lot.reservePrice, lot.currency, lang) }] : []),
  ];
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={1} items={items} />
    </Card>
  );
}

function BidTable({ bids, loading, currency, showOrg }: { bids: Bid[]; loading: boolean; currency: string; showOrg: boolean }) {
  const { t, lang } = useI18n();
  return (
    <Table<Bid>
      size="small"
      rowKey="seq"
      loading={loading}
      dataSource={bids}
      pagination={false}
      scroll={{ y: 360 }}
      columns={[
        { title: t(m.seq), dataIndex: 'seq', width: 70 },
        ...(showOrg ? [{ title: t(m.bidders), dataIndex: 'orgName' as const }] : []),
        { title: t(m.amount), dataIndex: 'price', align: 'right' as const, render: (v: string) => formatMoney(v, currency, lang) },
        { title: t(m.kind), dataIndex: 'kind', render: (k: string) => t(label('bidKind_', k)) },
        { title: t(m.acceptedAt), dataIndex: 'acceptedAt', render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatDateTime(v, true)}.{v.slice(20, 26)}</span> },
      ]}
    />
  );
}

// --- the owner's console ----------------------------------------------------------------------

function OwnerConsole({ lot, live, reload }: { lot: Lot; live: LotLiveState | null; reload: () => void }) {
  const { t, lang } = useI18n();
  const { modal } = App.useApp();
  const handleProblem = useProblemHandler();
  const workspace = useWorkspace();
  const readOnly = lot.role === 'operator';
  const participants = useApiData((signal) => (readOnly ? Promise.resolve({ items: [] as Participant[] }) : api.get('/auctions/lots/{lotId}/participants', { params: { lotId: lot.id }, signal })), [lot.id, lot.status, live?.bidders ?? 0]);
  const bids = useApiData((signal) => api.get('/auctions/lots/{lotId}/bids', { params: { lotId: lot.id }, query: { limit: 100 }, signal }), [lot.id, live?.seq ?? 0]);
  const act = async (run: () => Promise<unknown>) => {
    try {
      await run();
      reload();
      participants.reload();
    } catch (error) {
      handleProblem(error);
    }
  };
  const cancel = () => {
    let reason = '';
    modal.confirm({
      title: t(m.cancelLot),
      content: <Input.TextArea maxLength={500} placeholder={t(m.cancelReason)} onChange={(e) => (reason = e.target.value)} />,
      onOk: () => act(() => api.post('/auctions/lots/{lotId}/cancel', { params: { lotId: lot.id }, body: { reason: reason.trim() || '—' } })),
    });
  };
  const award = () => {
    let paymentDays = 3;
    modal.confirm({
      title: t(m.award),
      content: (
        <Space direction="vertical">
          <span>{t(m.awardConfirm)}</span>
          {lot.kind === 'forward' ? (
            <Space>
              {t(m.paymentDays)}
              <InputNumber min={1} max={30} defaultValue={3} onChange={(v) => (paymentDays = Number(v ?? 3))} />
            </Space>
          ) : null}
        </Space>
      ),
      onOk: () => act(() => api.post('/auctions/lots/{lotId}/award', { params: { lotId: lot.id }, body: lot.kind === 'forward' ? { paymentDays } : {} })),
    });
  };
  const standings = live?.standings ?? [];
  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        {!readOnly ? (
          <Space style={{ marginBottom: 16 }} wrap>
            {lot.status === 'draft' ? <Button type="primary" onClick={() => void act(() => api.post('/auctions/lots/{lotId}/publish', { params: { lotId: lot.id } }))} data-testid="publish">{t(m.publish)}</Button> : null}
            {lot.status === 'published' ? <Button onClick={() => void act(() => api.post('/auctions/lots/{lotId}/close', { params: { lotId: lot.id } }))}>{t(m.closeNow)}</Button> : null}
            {lot.status === 'closed' ? <Button type="primary" onClick={award} data-testid="award">{t(m.award)}</Button> : null}
            {['draft', 'published', 'closed'].includes(lot.status) ? <Button danger onClick={cancel}>{t(m.cancelLot)}</Button> : null}
          </Space>
        ) : null}
        {lot.winnerOrgId ? (
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={2} items={[
              { key: 'w', label: t(m.winner), children: standings.find((s) => s.orgId === lot.winnerOrgId)?.name ?? lot.winnerOrgId },
              { key: 'p', label: t(m.winningPrice), children: formatMoney(lot.winningPrice, lot.currency, lang) },
              ...(lot.orderId ? [{ key: 'o', label: t(m.order), children: <Link to={`/${workspace}/orders/${lot.orderId}`}>{t(m.order)}</Link> }] : []),
              ...(lot.saleTotal ? [{ key: 't', label: t(m.saleTotal), children: formatMoney(lot.saleTotal, lot.currency, lang) }, { key: 'b', label: t(m.payBy), children: formatDateTime(lot.payBy) }] : []),
            ]} />
          </Card>
        ) : null}
        {lot.outcomeReason && !lot.winnerOrgId ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t(label('outcome_', lot.outcomeReason))} /> : null}
        <Card size="small" title={<Space>{t(m.standings)}{lot.reserveMet !== null ? <Tag color={lot.reserveMet ? 'green' : 'orange'}>{t(m.reserveMet)}: {t(lot.reserveMet ? common.yes : common.no)}</Tag> : null}</Space>} style={{ marginBottom: 16 }} data-testid="standings">
          <Table
            size="small"
            rowKey="orgId"
            dataSource={standings}
            pagination={false}
            columns={[
              { title: '#', dataIndex: 'rank', width: 50 },
              { title: t(m.bidders), dataIndex: 'name' },
              { title: t(m.amount), dataIndex: 'price', align: 'right', render: (v: string) => formatMoney(v, lot.currency, lang) },
              { title: t(m.seq), dataIndex: 'seq', width: 80 },
            ]}
          />
        </Card>
        {!readOnly ? (
          <Card size="small" title={t(m.participants)}>
            <Table<Participant>
              size="small"
              rowKey="orgId"
              loading={participants.loading}
              dataSource={participants.data?.items ?? []}
              pagination={false}
              columns={[
                { title: t(m.bidders), dataIndex: 'orgName' },
                { title: t(m.status), dataIndex: 'status', render: (s: string) => t(label('participantStatus_', s)) },
                { title: t(m.depositStatus), dataIndex: 'depositStatus', render: (s: string) => (lot.depositAmount === '0.00' ? '—' : t(label('depositStatus_', s))) },
                { title: '#', dataIndex: 'rank', width: 50 },
                {
                  title: t(common.actions),
                  key: 'actions',
                  render: (_, p) => (
                    <Space size="small">
                      {p.status === 'registered' ? <Button size="small" onClick={() => void act(() => api.post('/auctions/lots/{lotId}/participants/{orgId}/approve', { params: { lotId: lot.id, orgId: p.orgId } }))}>{t(m.approve)}</Button> : null}
                      {p.status === 'registered' ? <Button size="small" onClick={() => void act(() => api.post('/auctions/lots/{lotId}/participants/{orgId}/reject', { params: { lotId: lot.id, orgId: p.orgId }, body: { reason: '—' } }))}>{t(m.reject)}</Button> : null}
                      {['approved', 'invited', 'registered'].includes(p.status) && ['published', 'closed'].includes(lot.status) ? (
                        <Popconfirm title={t(m.disqualifyConfirm)} onConfirm={() => act(() => api.post('/auctions/lots/{lotId}/participants/{orgId}/disqualify', { params: { lotId: lot.id, orgId: p.orgId }, body: { reason: '—' } }))}>
                          <Button size="small" danger>{t(m.disqualify)}</Button>
                        </Popconfirm>
                      ) : null}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        ) : null}
      </Col>
      <Col xs={24} lg={10}>
        <LotFacts lot={lot} />
        <Card size="small" title={t(m.bidHistory)}>
          <BidTable bids={bids.data?.items ?? []} loading={bids.loading} currency={lot.currency} showOrg />
        </Card>
      </Col>
    </Row>
  );
}
