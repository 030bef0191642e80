import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Modal, Rate, Row, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { useState, type ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useProblemHandler } from '../../platform/problems.ts';
import { useSession } from '../../platform/session.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import { label, type OrderDetail, type OrderLine, type TimelineEntry } from './api.ts';
import { m } from './messages.ts';
import { newKey, qtyText, StatusTag, useParty } from './parts.tsx';

type Dialog = 'reject' | 'cancel' | 'sign' | 'ship' | 'receive' | 'evaluate' | 'dispute' | 'return' | 'tracking' | null;

/** One order for either party: summary, lines, e-contract, shipments, receipts, cases, timeline, and the actions open to the caller. */
export default function OrderPage() {
  const { orderId = '' } = useParams();
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const party = useParty();
  const order = useApiData((signal) => api.get('/orders/{orderId}', { params: { orderId }, signal }), [orderId]);
  const timeline = useApiData((signal) => api.get('/orders/{orderId}/timeline', { params: { orderId }, signal }), [orderId]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [trackingShipment, setTrackingShipment] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();

  if (order.error) return <LoadError error={order.error} onRetry={order.reload} />;
  if (!order.data) return <PageLoading />;
  const o: OrderDetail = order.data;
  const money = (v: string) => formatMoney(v, 'CNY', lang);
  const reload = () => {
    order.reload();
    timeline.reload();
  };
  const run = async (action: () => Promise<unknown>, done: ReactNode = t(m.done)) => {
    setBusy(true);
    try {
      await action();
      void message.success(done as string);
      setDialog(null);
      form.resetFields();
      reload();
    } catch (e) {
      onProblem(e, form);
    } finally {
      setBusy(false);
    }
  };
  const params = { orderId };
  const has = (a: string) => o.actions.includes(a);
  const lineName = (id: string) => o.lines.find((l) => l.id === id)?.name ?? id;

  const actions: ReactNode[] = [];
  if (has('confirm') && can('orders.orders.confirm'))
    actions.push(
      <Button key="confirm" type="primary" loading={busy} data-testid="confirm-order" onClick={() => void run(() => api.post('/orders/{orderId}/confirm', { params, body: {}, idempotencyKey: newKey() }), t(m.confirmed))}>
        {t(m.confirm)}
      </Button>,
      <Button key="reject" danger onClick={() => setDialog('reject')}>
        {t(m.reject)}
      </Button>,
    );
  if (has('sign') && can('orders.contracts.sign'))
    actions.push(
      <Button key="sign" type="primary" data-testid="sign-contract" onClick={() => (o.contract?.signRequiresMfa ? setDialog('sign') : void run(() => api.post('/orders/{orderId}/contract/sign', { params, body: {} }), t(m.signed)))}>
        {t(m.sign)}
      </Button>,
    );
  if (has('ship') && can('orders.shipments.manage')) actions.push(<Button key="ship" type="primary" data-testid="ship" onClick={() => setDialog('ship')}>{t(m.ship)}</Button>);
  if (has('receive') && can('orders.receipts.manage')) actions.push(<Button key="receive" type="primary" data-testid="receive" onClick={() => setDialog('receive')}>{t(m.receive)}</Button>);
  if (has('evaluate') && !o.evaluation && can('orders.evaluations.create')) actions.push(<Button key="evaluate" onClick={() => setDialog('evaluate')}>{t(m.evaluate)}</Button>);
  if (party === 'buyer' && o.lines.some((l) => Number(l.rejectedQuantity) > Number(l.returnedQuantity)) && can('orders.cases.manage')) actions.push(<Button key="return" onClick={() => setDialog('return')}>{t(m.requestReturn)}</Button>);
  if (has('open_dispute') && can('orders.cases.manage')) actions.push(<Button key="dispute" onClick={() => setDialog('dispute')}>{t(m.openDispute)}</Button>);
  if (has('cancel') && can('orders.orders.cancel')) actions.push(<Button key="cancel" danger onClick={() => setDialog('cancel')}>{t(m.cancel)}</Button>);
  if (has('close') && can('orders.orders.cancel')) actions.push(<Button key="close" onClick={() => void run(() => api.post('/orders/{orderId}/close', { params }))}>{t(m.close)}</Button>);

  const submitDialog = async () => {
    const v = await form.validateFields();
    if (dialog === 'reject') await run(() => api.post('/orders/{orderId}/reject', { params, body: { reason: v.reason } }));
    if (dialog === 'cancel') await run(() => api.post('/orders/{orderId}/cancel', { params, body: { reason: v.reason } }));
    if (dialog === 'dispute') await run(() => api.post('/orders/{orderId}/disputes', { params, body: { reason: v.reason } }));
    if (dialog === 'sign') await run(() => api.post('/orders/{orderId}/contract/sign', { params, body: { mfaCode: v.mfaCode } }), t(m.signed));
    if (dialog === 'ship') {
      const lines = o.lines.map((l) => ({ orderLineId: l.id, quantity: String(v[`q_${l.id}`] ?? 0) })).filter((l) => Number(l.quantity) > 0);
      await run(() => api.post('/orders/{orderId}/shipments', { params, body: { carrier: v.carrier, trackingNumber: v.trackingNumber, carrierOrgId: v.carrierOrgId || null, lines }, idempotencyKey: newKey() }));
    }
    if (dialog === 'receive') {
      const lines = o.lines
        .map((l) => ({ orderLineId: l.id, receivedQuantity: String(v[`r_${l.id}`] ?? 0), acceptedQuantity: String((v[`r_${l.id}`] ?? 0) - (v[`x_${l.id}`] ?? 0)), rejectedQuantity: String(v[`x_${l.id}`] ?? 0), rejectionReason: v[`why_${l.id}`] || null }))
        .filter((l) => Number(l.receivedQuantity) > 0);
      await run(() => api.post('/orders/{orderId}/receipts', { params, body: { notes: v.notes || null, lines }, idempotencyKey: newKey() }));
    }
    if (dialog === 'return') {
      const lines = o.lines.map((l) => ({ orderLineId: l.id, quantity: String(v[`ret_${l.id}`] ?? 0) })).filter((l) => Number(l.quantity) > 0);
      await run(() => api.post('/orders/{orderId}/returns', { params, body: { reason: v.reason, lines } }));
    }
    if (dialog === 'evaluate') await run(() => api.post('/orders/{orderId}/evaluation', { params, body: { delivery: v.delivery, quality: v.quality, service: v.service, price: v.price, comment: v.comment || null } }), t(m.thanks));
    if (dialog === 'tracking' && trackingShipment)
      await run(() => api.post('/shipments/{shipmentId}/tracking', { params: { shipmentId: trackingShipment }, body: { status: v.status, location: v.location || null, occurredAt: new Date().toISOString() } }));
  };

  const remaining = (l: OrderLine) => Number(l.quantity) - Number(l.shippedQuantity);
  const unreceived = (l: OrderLine) => Number(l.shippedQuantity) - Number(l.receivedQuantity);
  const dialogBody: Record<Exclude<Dialog, null>, ReactNode> = {
    reject: <Form.Item name="reason" label={t(m.reason)} rules={[{ required: true, max: 500 }]}><Input.TextArea maxLength={500} /></Form.Item>,
    cancel: <Form.Item name="reason" label={t(m.reason)} rules={[{ required: true, max: 500 }]}><Input.TextArea maxLength={500} /></Form.Item>,
    dispute: <Form.Item name="reason" label={t(m.reason)} rules={[{ required: true, max: 500 }]}><Input.TextArea maxLength={500} /></Form.Item>,
    sign: (
      <>
        <Typography.Paragraph type="secondary">{t(m.mfaHint)}</Typography.Paragraph>
        <Form.Item name="mfaCode" label={t(m.mfaCode)} rules={[{ required: true, pattern: /^\d{6,8}$/ }]}><Input maxLength={8} inputMode="numeric" autoComplete="one-time-code" /></Form.Item>
      </>
    ),
    ship: (
      <>
        <Space wrap>
          <Form.Item name="carrier" label={t(m.carrier)} rules={[{ required: true, max: 100 }]}><Input maxLength={100} /></Form.Item>
          <Form.Item name="trackingNumber" label={t(m.trackingNumber)} rules={[{ required: true, max: 100 }]}><Input maxLength={100} /></Form.Item>
        </Space>
        <Form.Item name="carrierOrgId" label={t(m.carrierOrg)}><Input maxLength={64} /></Form.Item>
        {o.lines.filter((l) => remaining(l) > 0).map((l) => (
          <Form.Item key={l.id} name={`q_${l.id}`} label={`${l.lineNo}. ${l.name}（≤ ${remaining(l)} ${l.uom}）`} initialValue={remaining(l)}>
            <InputNumber min={0} max={remaining(l)} />
          </Form.Item>
        ))}
      </>
    ),
    receive: (
      <>
        {o.lines.filter((l) => unreceived(l) > 0).map((l) => (
          <Space key={l.id} wrap align="end">
            <Form.Item name={`r_${l.id}`} label={`${l.lineNo}. ${l.name} · ${t(m.received)}`} initialValue={unreceived(l)}><InputNumber min={0} max={unreceived(l)} /></Form.Item>
            <Form.Item name={`x_${l.id}`} label={t(m.rejected)} initialValue={0}><InputNumber min={0} max={unreceived(l)} /></Form.Item>
            <Form.Item name={`why_${l.id}`} label={t(m.rejectionReason)}><Input maxLength={500} /></Form.Item>
          </Space>
        ))}
        <Form.Item name="notes" label={t(m.notes)}><Input.TextArea maxLength={1000} /></Form.Item>
      </>
    ),
    return: (
      <>
        <Form.Item name="reason" label={t(m.reason)} rules={[{ required: true, max: 500 }]}><Input.TextArea maxLength={500} /></Form.Item>
        {o.lines.filter((l) => Number(l.rejectedQuantity) > Number(l.returnedQuantity)).map((l) => (
          <Form.Item key={l.id} name={`ret_${l.id}`} label={`${l.lineNo}. ${l.name}`} initialValue={Number(l.rejectedQuantity) - Number(l.returnedQuantity)}>
            <InputNumber min={0} max={Number(l.rejectedQuantity) - Number(l.returnedQuantity)} />
          </Form.Item>
        ))}
      </>
    ),
    evaluate: (
      <>
        {(['delivery', 'quality', 'service', 'price'] as const).map((d) => (
          <Form.Item key={d} name={d} label={t(label('dim_', d))} initialValue={5} rules={[{ required: true }]}><Rate /></Form.Item>
        ))}
        <Form.Item name="comment" label={t(m.comment)}><Input.TextArea maxLength={1000} /></Form.Item>
      </>
    ),
    tracking: (
      <>
        <Form.Item name="status" label={t(m.trackingStatus)} initialValue="in_transit" rules={[{ required: true, pattern: /^[a-z_]+$/ }]}><Input maxLength={40} /></Form.Item>
        <Form.Item name="location" label={t(m.location)}><Input maxLength={200} /></Form.Item>
      </>
    ),
  };
  const dialogTitle: Record<Exclude<Dialog, null>, string> = { reject: t(m.reject), cancel: t(m.cancel), dispute: t(m.openDispute), sign: t(m.sign), ship: t(m.ship), receive: t(m.receive), return: t(m.requestReturn), evaluate: t(m.evaluate), tracking: t(m.addTracking) };

  const caseAction = (caseId: string, command: 'approve' | 'decline' | 'complete' | 'withdraw') =>
    void run(() => (command === 'withdraw' ? api.post('/cases/{caseId}/withdraw', { params: { caseId } }) : api.post(`/cases/{caseId}/${command}` as '/cases/{caseId}/approve', { params: { caseId }, body: command === 'complete' ? { restock: true } : {} })));

  return (
    <div className="page">
      <PageHeader
        title={
          <Space>
            {o.number}
            <StatusTag status={o.status} />
          </Space>
        }
        subtitle={`${t(m.supplier)}：${lang === 'en' && o.supplier.nameEn ? o.supplier.nameEn : o.supplier.name} · ${t(m.buyer)}：${lang === 'en' && o.buyer.nameEn ? o.buyer.nameEn : o.buyer.name}`}
        extra={<Space wrap>{actions}</Space>}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small">
              <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                <Descriptions.Item label={t(m.buyer)}>{lang === 'en' && o.buyer.nameEn ? o.buyer.nameEn : o.buyer.name}（{o.buyer.uscc}）</Descriptions.Item>
                <Descriptions.Item label={t(m.supplier)}>{lang === 'en' && o.supplier.nameEn ? o.supplier.nameEn : o.supplier.name}（{o.supplier.uscc}）</Descriptions.Item>
                <Descriptions.Item label={t(m.payment)}>{t(label('payment_', o.paymentMethod))}{o.creditDays ? ` · ${o.creditDays}d` : ''}</Descriptions.Item>
                <Descriptions.Item label={t(m.delivery)}>{[o.deliveryAddress, o.deliveryRegion, o.needBy].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
                <Descriptions.Item label={t(m.subtotal)}>{money(o.subtotal)}</Descriptions.Item>
                <Descriptions.Item label={t(m.total)}><Typography.Text strong>{money(o.total)}</Typography.Text>（{t(m.tax)} {money(o.taxTotal)}）</Descriptions.Item>
                {o.cancelReason ? <Descriptions.Item label={t(m.reason)}>{o.cancelReason}</Descriptions.Item> : null}
              </Descriptions>
            </Card>
            <Card size="small" title={t(m.lines)}>
              <Table<OrderLine>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={o.lines}
                scroll={{ x: 900 }}
                columns={[
                  { title: '#', dataIndex: 'lineNo', width: 40 },
                  { title: t(m.item), key: 'name', render: (_, l) => <Space direction="vertical" size={0}><span>{l.name}</span><Typography.Text type="secondary">{l.spec}</Typography.Text></Space> },
                  { title: t(m.quantity), key: 'q', render: (_, l) => `${qtyText(l.quantity)} ${l.uom}` },
                  { title: t(m.unitPrice), dataIndex: 'unitPrice', align: 'right', render: (v: string) => money(v) },
                  { title: t(m.priceSource), dataIndex: 'priceSource', render: (v: string) => t(label('priceSource_', v)) },
                  { title: t(m.lineTotal), dataIndex: 'lineTotal', align: 'right', render: (v: string) => money(v) },
                  { title: t(m.shipped), dataIndex: 'shippedQuantity', render: qtyText },
                  { title: t(m.accepted), dataIndex: 'acceptedQuantity', render: qtyText },
                  { title: t(m.rejected), dataIndex: 'rejectedQuantity', render: (v: string) => (Number(v) > 0 ? <Typography.Text type="danger">{qtyText(v)}</Typography.Text> : qtyText(v)) },
                ]}
              />
            </Card>
            {o.shipments.length ? (
              <Card size="small" title={t(m.shipments)}>
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={o.shipments}
                  columns={[
                    { title: t(m.trackingNumber), key: 'no', render: (_, s) => `${s.number} · ${s.carrier} ${s.trackingNumber}` },
                    { title: t(m.status), dataIndex: 'status', render: (v: string) => <Tag>{v}</Tag> },
                    { title: t(m.quantity), key: 'lines', render: (_, s) => (s.lines ?? []).map((l) => `${lineName(l.orderLineId)} × ${qtyText(l.quantity)}`).join('；') },
                    { title: t(m.createdAt), dataIndex: 'shippedAt', render: (v: string) => formatDateTime(v) },
                    {
                      key: 'act',
                      render: (_, s) =>
                        s.status === 'delivered' ? null : party === 'supplier' ? (
                          <Button size="small" onClick={() => (setTrackingShipment(s.id), setDialog('tracking'))}>{t(m.addTracking)}</Button>
                        ) : can('orders.receipts.manage') ? (
                          <Button size="small" onClick={() => void run(() => api.post('/shipments/{shipmentId}/deliver', { params: { shipmentId: s.id } }))}>{t(m.confirmDelivery)}</Button>
                        ) : null,
                    },
                  ]}
                />
              </Card>
            ) : null}
            {o.receipts.length ? (
              <Card size="small" title={t(m.receipts)}>
                {o.receipts.map((r) => (
                  <div key={r.id} style={{ marginBottom: 12 }}>
                    <Space wrap>
                      <Typography.Text strong>{r.number}</Typography.Text>
                      <span>{formatDateTime(r.receivedAt)}</span>
                      {r.hasReport ? (
                        <Button size="small" icon={<DownloadOutlined />} onClick={() => void api.download('/receipts/{receiptId}/report', { receiptId: r.id }, r.inspectionReportName ?? 'report')}>{t(m.report)}</Button>
                      ) : party === 'buyer' && can('orders.receipts.manage') ? (
                        <Upload
                          showUploadList={false}
                          accept=".pdf,.png,.jpg,.jpeg"
                          customRequest={({ file }) => {
                            const data = new FormData();
                            data.append('file', file as Blob);
                            void run(() => api.upload('/receipts/{receiptId}/report', data, { receiptId: r.id }));
                          }}
                        >
                          <Button size="small">{t(m.uploadReport)}</Button>
                        </Upload>
                      ) : null}
                    </Space>
                    <ul style={{ margin: '4px 0 0 16px' }}>
                      {r.lines.map((l) => (
                        <li key={l.id}>
                          {lineName(l.orderLineId)}：{t(m.received)} {qtyText(l.receivedQuantity)} · {t(m.accepted)} {qtyText(l.acceptedQuantity)} · {t(m.rejected)} {qtyText(l.rejectedQuantity)}{' '}
                          <Tag color={l.inspectionResult === 'passed' ? 'success' : l.inspectionResult === 'failed' ? 'error' : 'warning'}>{t(label('inspection_', l.inspectionResult))}</Tag>
                          {l.rejectionReason ? <Typography.Text type="secondary">{l.rejectionReason}</Typography.Text> : null}
                        </li>
                      ))}
                    </ul>
                  </div>
                ))}
              </Card>
            ) : null}
            {o.cases.length ? (
              <Card size="small" title={t(m.cases)}>
                {o.cases.map((c) => (
                  <Space key={c.id} wrap style={{ marginBottom: 8 }}>
                    <Tag color={c.kind === 'dispute' ? 'volcano' : 'blue'}>{t(label('case_', c.kind))}</Tag>
                    <Tag>{c.status}</Tag>
                    <span>{c.reason}</span>
                    {c.resolution ? <Typography.Text type="secondary">→ {c.resolution}</Typography.Text> : null}
                    {c.kind === 'return' && party === 'supplier' && c.status === 'requested' ? (
                      <>
                        <Button size="small" onClick={() => caseAction(c.id, 'approve')}>{t(m.approve)}</Button>
                        <Button size="small" onClick={() => caseAction(c.id, 'decline')}>{t(m.decline)}</Button>
                      </>
                    ) : null}
                    {c.kind === 'return' && party === 'supplier' && c.status === 'approved' ? <Button size="small" onClick={() => caseAction(c.id, 'complete')}>{t(m.complete)}</Button> : null}
                    {['requested', 'open'].includes(c.status) && c.openedByOrgId === (party === 'buyer' ? o.buyerOrgId : o.supplierOrgId) ? <Button size="small" onClick={() => caseAction(c.id, 'withdraw')}>{t(m.withdraw)}</Button> : null}
                  </Space>
                ))}
              </Card>
            ) : null}
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            {o.contract ? (
              <Card size="small" title={t(m.contract)} data-testid="contract-card" extra={<Tag color={o.contract.status === 'signed' ? 'success' : 'processing'}>{t(label('contractStatus_', o.contract.status))}</Tag>}>
                <Typography.Paragraph style={{ marginBottom: 4 }}>{o.contract.number}</Typography.Paragraph>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>SHA-256 {o.contract.signedSha256 ?? o.contract.sha256}</Typography.Paragraph>
                <Typography.Paragraph style={{ marginBottom: 4 }}>{t(m.buyer)}：{o.contract.buyerSignedAt ? `${t(m.signedBy)} ${formatDateTime(o.contract.buyerSignedAt)}` : t(m.notSigned)}</Typography.Paragraph>
                <Typography.Paragraph>{t(m.supplier)}：{o.contract.supplierSignedAt ? `${t(m.signedBy)} ${formatDateTime(o.contract.supplierSignedAt)}` : t(m.notSigned)}</Typography.Paragraph>
                <Button icon={<DownloadOutlined />} onClick={() => void api.download('/orders/{orderId}/contract/pdf', { orderId }, `${o.contract!.number}.pdf`)}>{t(m.downloadContract)}</Button>
              </Card>
            ) : null}
            {o.evaluation ? (
              <Card size="small" title={t(m.evaluation)}>
                {(['delivery', 'quality', 'service', 'price'] as const).map((d) => (
                  <div key={d}>
                    {t(label('dim_', d))} <Rate disabled value={o.evaluation![d]} style={{ fontSize: 14 }} />
                  </div>
                ))}
                {o.evaluation.comment ? <Typography.Paragraph type="secondary">{o.evaluation.comment}</Typography.Paragraph> : null}
              </Card>
            ) : null}
            <Card size="small" title={t(m.timeline)} data-testid="timeline">
              <Timeline
                items={(timeline.data?.items ?? []).map((e: TimelineEntry) => ({
                  color: e.type.includes('cancel') || e.type.includes('reject') || e.type === 'expired' ? 'red' : e.type.includes('disput') ? 'orange' : 'blue',
                  children: (
                    <>
                      <Typography.Text strong>{t(label('event_', e.type))}</Typography.Text>
                      {e.toStatus && e.fromStatus !== e.toStatus ? <Typography.Text type="secondary"> → {t(label('status_', e.toStatus))}</Typography.Text> : null}
                      <div style={{ fontSize: 12, color: '#888' }}>
                        {formatDateTime(e.occurredAt)}
                        {typeof e.data?.location === 'string' ? ` · ${e.data.location}` : ''}
                        {typeof e.data?.reason === 'string' ? ` · ${e.data.reason}` : ''}
                      </div>
                    </>
                  ),
                }))}
              />
            </Card>
          </Space>
        </Col>
      </Row>
      <Modal open={dialog !== null} title={dialog ? dialogTitle[dialog] : ''} onCancel={() => (setDialog(null), form.resetFields())} onOk={() => void submitDialog()} confirmLoading={busy} destroyOnHidden width={dialog === 'receive' ? 760 : 560}>
        <Form form={form} layout="vertical" preserve={false}>
          {dialog ? dialogBody[dialog] : null}
        </Form>
      </Modal>
    </div>
  );
}
