import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, isProblem } from '../../platform/api.ts';
import { formatBytes, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import { fileUrl, useCategoryTree, type OwnSku } from './api.ts';
import { formatQty, formatRate } from './decimal.ts';
import { label, m } from './messages.ts';
import { ReviewTrail } from './review-trail.tsx';
import { useOrgNames } from './org-names.ts';
import { regionLabel, ReviewStatusTag, ShelfTag, specDisplay, uomLabel } from './parts.tsx';
import { useTemplate } from './product-form.tsx';
import { useCatalogProblemHandler } from './server-messages.ts';
import './catalog.css';

type Decision = 'approve' | 'reject';

/**
 * One product in listing review: what changed (the material fields of this submission), its
 * details, specifications against the template, SKUs and prices, files; approve, or reject with
 * the reason the supplier will read.
 */
export default function ReviewPage() {
  const { t, lang } = useI18n();
  const { productId = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const handleProblem = useCatalogProblemHandler();
  const { tree } = useCategoryTree();
  const data = useApiData((signal) => api.get('/catalog/review-queue/{productId}', { params: { productId }, signal }), [productId]);
  const template = useTemplate(data.data?.product.categoryCode);
  const suppliers = useOrgNames(data.data ? [data.data.product.supplierOrgId] : []);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ text?: string }>();
  if (data.loading && !data.data) return <PageLoading />;
  if (!data.data) return <LoadError error={data.error} onRetry={data.reload} />;
  const { product: p, skus, files, reviews = [] } = data.data;
  const lastSubmission = reviews.find((r) => r.action === 'submitted');
  const previouslyApproved = reviews.some((r) => r.action === 'approved');
  const attr = (key: string) => template.attributes.find((a) => a.key === key);
  const uom = uomLabel(p.uom, lang);

  const decide = async (values: { text?: string }) => {
    if (!decision) return;
    setBusy(true);
    try {
      const text = values.text?.trim();
      const updated =
        decision === 'reject'
          ? await api.post('/catalog/review-queue/{productId}/reject', { params: { productId }, body: { reason: text ?? '' } })
          : await api.post('/catalog/review-queue/{productId}/approve', { params: { productId }, body: text ? { note: text } : {} });
      data.setData((c) => (c ? { ...c, product: updated } : c));
      data.reload();
      void message.success(t(decision === 'approve' ? m.approved : m.rejected));
      setDecision(null);
      form.resetFields();
    } catch (e) {
      if (isProblem(e) && e.status === 409) data.reload();
      handleProblem(e, form, { rename: { '/reason': ['text'], '/note': ['text'] } });
    } finally {
      setBusy(false);
    }
  };

  // In template order; keys the template does not know come last (and are flagged).
  const order = (key: string) => {
    const i = template.attributes.findIndex((a) => a.key === key);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const specRows = Object.entries(p.specs)
    .map(([key, value]) => ({ key, value }))
    .sort((a, b) => order(a.key) - order(b.key));

  return (
    <div className="page">
      <PageHeader
        back={<Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('..', { relative: 'path' })} aria-label={t(common.back)} />}
        title={
          <Space wrap>
            <span data-testid="review-product-name">{p.nameZh}</span>
            <ReviewStatusTag status={p.reviewStatus} />
            <ShelfTag active={p.active} />
          </Space>
        }
        subtitle={p.nameEn ?? undefined}
        extra={
          p.reviewStatus === 'pending_review' ? (
            <Space>
              <Button danger icon={<CloseOutlined />} onClick={() => setDecision('reject')} data-testid="review-reject">
                {t(m.reject)}
              </Button>
              <Button type="primary" icon={<CheckOutlined />} onClick={() => setDecision('approve')} data-testid="review-approve">
                {t(m.approve)}
              </Button>
            </Space>
          ) : null
        }
      />
      {p.reviewStatus === 'pending_review' ? (
        <Alert
          className="page-alert"
          type={lastSubmission?.changes?.length ? 'warning' : 'info'}
          showIcon
          title={t(m.changesTitle)}
          data-testid="review-changes"
          description={
            lastSubmission?.changes?.length ? (
              <Space wrap>
                {lastSubmission.changes.map((c) => (
                  <Tag key={c} color="orange">
                    {t(label('field_', c))}
                  </Tag>
                ))}
              </Space>
            ) : (
              t(previouslyApproved ? m.resubmission : m.newListing)
            )
          }
        />
      ) : null}
      {p.reviewStatus === 'rejected' && p.reviewNote ? <Alert className="page-alert" type="error" showIcon title={t(m.rejectedReason, { reason: p.reviewNote })} /> : null}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card size="small" className="section-card" title={t(m.sectionBasics)}>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'supplier', label: t(m.supplier), children: suppliers.get(p.supplierOrgId) ?? '…' },
                { key: 'category', label: t(m.category), children: <span>{tree.pathName(p.categoryCode)} <span className="mono cell-sub-inline">{p.categoryCode}</span></span> },
                { key: 'brand', label: t(m.brand), children: p.brand ?? '—' },
                { key: 'model', label: t(m.model), children: p.model ?? '—' },
                { key: 'uom', label: t(m.uom), children: uom },
                { key: 'tax', label: t(m.taxRate), children: formatRate(p.taxRate) },
                { key: 'lead', label: t(m.leadTime), children: t(m.leadDaysShort, { n: p.leadTimeDays }) },
                { key: 'warranty', label: t(m.warranty), children: p.warrantyMonths ? t(m.warrantyMonths, { n: p.warrantyMonths }) : '—' },
                { key: 'origin', label: t(m.origin), children: p.origin ?? '—' },
                { key: 'regions', label: t(m.deliveryRegions), children: p.deliveryRegions.map((r) => regionLabel(r, lang)).join(t(m.listSeparator)) || '—' },
                { key: 'descZh', label: t(m.descriptionZh), span: 2, children: p.descriptionZh ?? '—' },
                { key: 'descEn', label: t(m.descriptionEn), span: 2, children: p.descriptionEn ?? '—' },
              ]}
            />
          </Card>
          <Card size="small" className="section-card" title={t(m.sectionSpecs)}>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={specRows}
              locale={{ emptyText: '—' }}
              columns={[
                { title: t(m.specName), dataIndex: 'key', render: (k: string) => { const a = attr(k); return a ? `${lang === 'en' ? a.nameEn : a.nameZh}` : <span>{k} <Typography.Text type="danger">{t(m.specsNotInTemplate)}</Typography.Text></span>; } },
                { title: t(m.specValue), key: 'v', render: (_, r) => specDisplay(attr(r.key), r.value, lang) },
                { title: t(m.attrRequired), key: 'req', width: 80, render: (_, r) => (attr(r.key)?.required ? t(m.yes) : t(m.no)) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" className="section-card" title={t(m.productFiles)}>
            {files.length ? (
              <div className="file-grid file-grid-small">
                {files.map((f) => (
                  <a key={f.id} className="file-card" href={fileUrl(f.id)} target="_blank" rel="noreferrer">
                    {f.contentType.startsWith('image/') ? <img src={fileUrl(f.id)} alt={f.filename} /> : <FilePdfOutlined className="file-card-icon" />}
                    <div className="file-card-name" title={f.filename}>
                      {f.filename}
                    </div>
                    <div className="cell-sub">
                      {t(label('fileKind_', f.kind))} · {formatBytes(f.sizeBytes, lang)}
                    </div>
                  </a>
                ))}
              </div>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(m.noFiles)} />
            )}
          </Card>
          <Card size="small" title={t(m.tabReviews)}>
            <ReviewTrail reviews={reviews} />
          </Card>
        </Col>
      </Row>
      <Card size="small" className="section-card" title={t(m.skuTable)}>
        <Table<OwnSku>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={skus}
          scroll={{ x: 800 }}
          columns={[
            { title: t(m.skuCode), dataIndex: 'skuCode', render: (v: string) => <span className="mono">{v}</span> },
            { title: t(m.variants), key: 'specs', render: (_, s) => Object.entries(s.specs).map(([k, v]) => <Tag key={k}>{`${attr(k) ? (lang === 'en' ? attr(k)!.nameEn : attr(k)!.nameZh) : k} ${specDisplay(attr(k), v, lang)}`}</Tag>) },
            { title: t(m.listPrice), dataIndex: 'listPrice', align: 'right', render: (v: string) => `${formatMoney(v, 'CNY', lang)}/${uom}` },
            { title: t(m.tiers), key: 'tiers', render: (_, s) => (s.tiers.length ? s.tiers.map((x) => <div key={x.minQty} className="cell-sub-inline">≥{formatQty(x.minQty)}: {formatMoney(x.unitPrice, 'CNY', lang)}</div>) : '—') },
            { title: t(m.moqIncrement), key: 'moq', align: 'right', render: (_, s) => `${formatQty(s.moq)} / ${formatQty(s.increment)}` },
            { title: t(m.stock), dataIndex: 'availableQty', align: 'right', render: (v: string) => formatQty(v) },
            { title: t(m.standardItem), dataIndex: 'standardItemId', render: (v: string | null) => (v ? <Tag color="blue">{t(m.linked)}</Tag> : t(m.nonStandard)) },
          ]}
        />
      </Card>
      <Modal
        open={Boolean(decision)}
        title={decision === 'reject' ? t(m.rejectTitle) : t(m.approveTitle)}
        onCancel={() => setDecision(null)}
        onOk={() => form.submit()}
        okText={decision === 'reject' ? t(m.reject) : t(m.approve)}
        okButtonProps={{ danger: decision === 'reject', ...({ 'data-testid': 'review-confirm' } as object) }}
        cancelText={t(common.cancel)}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => void decide(v)}>
          <Form.Item
            name="text"
            label={decision === 'reject' ? t(m.rejectReason) : t(m.approveNote)}
            rules={decision === 'reject' ? [{ required: true, whitespace: true, message: t(m.rejectReasonRequired) }, { max: 1000 }] : [{ max: 1000 }]}
          >
            <Input.TextArea rows={3} maxLength={1000} data-testid="review-text" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
