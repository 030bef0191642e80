import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, FilePdfOutlined, LineChartOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Empty, Form, Modal, Popconfirm, Select, Space, Spin, Switch, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, isProblem } from '../../platform/api.ts';
import { formatBytes, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useCatalogProblemHandler as useProblemHandler } from './server-messages.ts';
import { useSession } from '../../platform/session.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import { fileUrl, productName, useCategoryTree, type Attribute, type OwnSku, type ProductDetail, type ProductFile, type SpecValue } from './api.ts';
import { formatQty, trimDecimal } from './decimal.ts';
import { label, m } from './messages.ts';
import { PriceHistoryView } from './price-history.tsx';
import { ReviewTrail } from './review-trail.tsx';
import { basicsToApi, ProductBasicsFields, SkuFields, skuToApi, useTemplate, type ProductBasics } from './product-form.tsx';
import { ReviewStatusTag, ShelfTag, specDisplay, uomLabel } from './parts.tsx';
import { useCatalogBase } from './search-results.tsx';
import { SpecFields, specsToApi } from './spec-fields.tsx';
import './catalog.css';

const FILE_KINDS = ['image', 'datasheet', 'test_report', 'certificate', 'other'] as const;
const FILE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'];
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Attributes shown at product level: the non-variant ones, plus any variant one the product sets. */
function productLevel(attrs: Attribute[], specs: Record<string, unknown>): Attribute[] {
  return attrs.filter((a) => !a.variant || specs[a.key] !== undefined);
}
function skuLevel(attrs: Attribute[], productSpecs: Record<string, unknown>, skuSpecs: Record<string, unknown> = {}): Attribute[] {
  return attrs.filter((a) => (a.variant && productSpecs[a.key] === undefined) || skuSpecs[a.key] !== undefined);
}

/** The basics and product-level specifications, saved with the version read (a stale edit is refused). */
function BasicsTab({ detail, onSaved }: { detail: ProductDetail; onSaved: (d: ProductDetail) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const { tree } = useCategoryTree();
  const p = detail.product;
  const [form] = Form.useForm<ProductBasics>();
  const categoryCode = Form.useWatch('categoryCode', form) ?? p.categoryCode;
  const template = useTemplate(categoryCode);
  const attrs = productLevel(template.attributes, p.specs);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    form.setFieldsValue({ ...p, taxRate: trimDecimal(p.taxRate), specs: p.specs as Record<string, SpecValue> });
  }, [p, form]);

  const save = async (values: ProductBasics) => {
    setSaving(true);
    try {
      const updated = await api.patch('/catalog/my/products/{productId}', {
        params: { productId: p.id },
        body: { ...basicsToApi(values), specs: specsToApi(values.specs, attrs), version: p.version },
      });
      onSaved({ ...updated, reviews: detail.reviews });
      void message.success(updated.product.reviewStatus === 'pending_review' && p.reviewStatus === 'approved' ? t(m.backToReview) : t(m.productSaved));
    } catch (e) {
      if (isProblem(e) && (e.status === 409 || e.status === 412)) void message.warning(t(m.conflictReloaded));
      handleProblem(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<ProductBasics> form={form} layout="vertical" onFinish={(v) => void save(v)}>
      <Alert type="info" showIcon className="page-alert" title={t(m.materialChangeHint)} />
      <ProductBasicsFields tree={tree} />
      <Typography.Title level={5}>{t(m.sectionSpecs)}</Typography.Title>
      {template.loading ? <Spin /> : attrs.length ? <SpecFields attributes={attrs} name="specs" inheritedNames={template.inheritedNames} /> : <Typography.Text type="secondary">{t(m.noTemplate)}</Typography.Text>}
      <Button type="primary" htmlType="submit" loading={saving} data-testid="product-save">
        {t(m.save)}
      </Button>
    </Form>
  );
}

interface SkuFormValues {
  skuCode?: string;
  listPrice: string;
  moq?: string | null;
  increment?: string | null;
  availableQty?: string | null;
  leadTimeDays?: number | null;
  standardItemId?: string | null;
  active?: boolean;
  tiers?: Array<{ minQty: string; unitPrice: string }>;
  specs?: Record<string, SpecValue | undefined>;
}

/** Adds a SKU, or edits one: price and tiers (at once, into the history), stock, specs (to review). */
function SkuDrawer({ detail, sku, open, onClose, onSaved }: { detail: ProductDetail; sku: OwnSku | null; open: boolean; onClose: () => void; onSaved: (d: ProductDetail) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const [form] = Form.useForm<SkuFormValues>();
  const template = useTemplate(detail.product.categoryCode);
  const attrs = skuLevel(template.attributes, detail.product.specs, sku?.specs);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (sku)
      form.setFieldsValue({
        listPrice: trimDecimal(sku.listPrice),
        moq: trimDecimal(sku.moq),
        increment: trimDecimal(sku.increment),
        availableQty: trimDecimal(sku.availableQty),
        leadTimeDays: sku.leadTimeDays,
        standardItemId: sku.standardItemId,
        active: sku.active,
        tiers: sku.tiers.map((x) => ({ minQty: trimDecimal(x.minQty), unitPrice: trimDecimal(x.unitPrice) })),
        specs: sku.specs as Record<string, SpecValue>,
      });
    else form.setFieldsValue({ active: true });
  }, [open, sku, form]);

  const save = async (values: SkuFormValues) => {
    setSaving(true);
    try {
      const specs = specsToApi(values.specs, attrs);
      const updated = sku
        ? await api.patch('/catalog/my/skus/{skuId}', { params: { skuId: sku.id }, body: { ...skuToApi(values), active: values.active ?? true, specs, version: sku.version } })
        : await api.post('/catalog/my/products/{productId}/skus', { params: { productId: detail.product.id }, body: { skuCode: (values.skuCode ?? '').trim(), ...skuToApi(values), active: values.active ?? true, specs } });
      onSaved({ ...updated, reviews: detail.reviews });
      void message.success(t(sku ? m.skuSaved : m.skuAdded));
      onClose();
    } catch (e) {
      handleProblem(e, form, { rename: { '/skus/skuCode': ['skuCode'] } });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer open={open} onClose={onClose} size="large" title={sku ? `${t(m.editSku)} · ${sku.skuCode}` : t(m.addSku)} destroyOnHidden extra={
      <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="sku-save">
        {t(m.save)}
      </Button>
    }>
      <Alert type="info" showIcon className="page-alert" title={t(m.commercialChangeHint)} />
      <Form<SkuFormValues> form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <SkuFields prefix={[]} categoryCode={detail.product.categoryCode} withCode={!sku} specsNode={attrs.length ? <SpecFields attributes={attrs} name="specs" inheritedNames={template.inheritedNames} compact /> : null} />
        <Form.Item name="active" label={t(m.skuActive)} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function SkusTab({ detail, onSaved }: { detail: ProductDetail; onSaved: (d: ProductDetail) => void }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const template = useTemplate(detail.product.categoryCode);
  const [editing, setEditing] = useState<OwnSku | null>(null);
  const [drawer, setDrawer] = useState(false);
  const [history, setHistory] = useState<OwnSku | null>(null);
  const historyData = useApiData(
    (signal) => (history ? api.get('/catalog/my/skus/{skuId}/price-history', { params: { skuId: history.id }, signal }).then((r) => r.items) : Promise.resolve([])),
    [history?.id],
  );
  const uom = uomLabel(detail.product.uom, lang);
  return (
    <>
      <Alert type="info" showIcon className="page-alert" title={t(m.commercialChangeHint)} />
      <Table<OwnSku>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={detail.skus}
        data-testid="sku-table"
        scroll={{ x: 960 }}
        columns={[
          { title: t(m.skuCode), dataIndex: 'skuCode', render: (v: string, s) => <span className="mono">{v}{s.active ? null : <Tag className="tag-after">{t(m.skuInactive)}</Tag>}</span> },
          {
            title: t(m.variants),
            key: 'specs',
            render: (_, s) => Object.entries(s.specs).map(([k, v]) => {
              const a = template.attributes.find((x) => x.key === k);
              return <Tag key={k}>{a ? `${lang === 'en' ? a.nameEn : a.nameZh} ${specDisplay(a, v, lang)}` : String(v)}</Tag>;
            }),
          },
          { title: t(m.listPrice), dataIndex: 'listPrice', align: 'right', render: (v: string) => `${formatMoney(v, 'CNY', lang)}/${uom}` },
          {
            title: t(m.tiers),
            key: 'tiers',
            render: (_, s) => (s.tiers.length ? s.tiers.map((x) => <div key={x.minQty} className="cell-sub-inline">≥{formatQty(x.minQty)}: {formatMoney(x.unitPrice, 'CNY', lang)}</div>) : '—'),
          },
          { title: t(m.moqIncrement), key: 'moq', align: 'right', render: (_, s) => `${formatQty(s.moq)} / ${formatQty(s.increment)}` },
          { title: t(m.stock), dataIndex: 'availableQty', align: 'right', render: (v: string) => formatQty(v) },
          { title: t(m.leadTime), dataIndex: 'leadTimeDays', align: 'right', render: (v: number | null) => t(m.leadDaysShort, { n: v ?? detail.product.leadTimeDays }) },
          {
            title: t(m.actions),
            key: 'a',
            width: 170,
            fixed: 'right',
            render: (_, s) => (
              <Space size={0}>
                <Button size="small" type="link" icon={<EditOutlined />} onClick={() => (setEditing(s), setDrawer(true))}>
                  {t(m.edit)}
                </Button>
                {can('catalog.prices.history') ? (
                  <Button size="small" type="link" icon={<LineChartOutlined />} onClick={() => setHistory(s)} data-testid={`history-${s.skuCode}`}>
                    {t(m.priceHistory)}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Button type="dashed" icon={<PlusOutlined />} onClick={() => (setEditing(null), setDrawer(true))} className="add-below" data-testid="add-sku">
        {t(m.addSku)}
      </Button>
      <SkuDrawer detail={detail} sku={editing} open={drawer} onClose={() => setDrawer(false)} onSaved={onSaved} />
      <Modal open={Boolean(history)} onCancel={() => setHistory(null)} footer={null} width={820} title={history ? t(m.priceHistoryTitle, { sku: history.skuCode }) : null} destroyOnHidden>
        {historyData.loading ? <Spin /> : historyData.error ? <LoadError error={historyData.error} onRetry={historyData.reload} /> : <PriceHistoryView entries={historyData.data ?? []} uom={uom} />}
      </Modal>
    </>
  );
}

function FilesTab({ detail, onChanged }: { detail: ProductDetail; onChanged: (files: ProductFile[]) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const [kind, setKind] = useState<(typeof FILE_KINDS)[number]>('image');
  const [uploading, setUploading] = useState(false);
  const productId = detail.product.id;
  const upload = async (file: File) => {
    if (!FILE_TYPES.includes(file.type)) return void message.error(t(m.uploadWrongType));
    if (file.size > MAX_FILE_BYTES) return void message.error(t(m.uploadTooLarge));
    const body = new FormData();
    body.append('kind', kind);
    body.append('file', file, file.name);
    setUploading(true);
    try {
      const added = await api.upload<ProductFile>('/catalog/my/products/{productId}/files', body, { productId });
      onChanged([...detail.files, added]);
      void message.success(t(m.uploaded, { name: file.name }));
    } catch (e) {
      handleProblem(e);
    } finally {
      setUploading(false);
    }
  };
  const remove = async (f: ProductFile) => {
    try {
      await api.delete('/catalog/my/files/{fileId}', { params: { fileId: f.id } });
      onChanged(detail.files.filter((x) => x.id !== f.id));
      void message.success(t(m.fileDeleted));
    } catch (e) {
      handleProblem(e);
    }
  };
  return (
    <>
      <Space wrap className="upload-bar">
        <Select value={kind} onChange={setKind} style={{ width: 180 }} options={FILE_KINDS.map((k) => ({ value: k, label: t(label('fileKind_', k)) }))} data-testid="file-kind" />
        <Upload accept={FILE_TYPES.join(',')} showUploadList={false} beforeUpload={(file) => (void upload(file), false)}>
          <Button icon={<UploadOutlined />} loading={uploading} data-testid="file-upload">
            {t(m.uploadFile)}
          </Button>
        </Upload>
        <Typography.Text type="secondary">{t(m.uploadHint)}</Typography.Text>
      </Space>
      {detail.files.length ? (
        <div className="file-grid" data-testid="file-list">
          {detail.files.map((f) => (
            <div key={f.id} className="file-card">
              {f.contentType.startsWith('image/') ? <img src={fileUrl(f.id)} alt={f.filename} /> : <FilePdfOutlined className="file-card-icon" />}
              <div className="file-card-name" title={f.filename}>
                {f.filename}
              </div>
              <div className="cell-sub">
                {t(label('fileKind_', f.kind))} · {formatBytes(f.sizeBytes, lang)}
              </div>
              <Popconfirm title={t(m.deleteFileConfirm, { name: f.filename })} onConfirm={() => remove(f)} okText={t(m.deleteFile)} cancelText={t(m.cancel)}>
                <Button size="small" type="text" danger icon={<DeleteOutlined />} className="file-card-delete" aria-label={t(m.deleteFile)} />
              </Popconfirm>
            </div>
          ))}
        </div>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(m.noFiles)} />
      )}
    </>
  );
}

/** One of the supplier's products: state and actions, basics and specs, SKUs and prices, files, review trail. */
export default function MyProductPage() {
  const { t, lang } = useI18n();
  const { productId = '' } = useParams();
  const navigate = useNavigate();
  const base = useCatalogBase();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const data = useApiData((signal) => api.get('/catalog/my/products/{productId}', { params: { productId }, signal }), [productId]);
  const [busy, setBusy] = useState<string | null>(null);
  if (data.loading && !data.data) return <PageLoading />;
  if (!data.data) return <LoadError error={data.error} onRetry={data.reload} />;
  const detail = data.data;
  const p = detail.product;
  // Saves answer the product without its review trail: show the answer, then fetch the trail again.
  const setDetail = (d: ProductDetail) => {
    data.setData(d);
    data.reload();
  };

  const act = async (action: 'submit' | 'activate' | 'deactivate') => {
    setBusy(action);
    try {
      const product = await api.post(`/catalog/my/products/{productId}/${action}`, { params: { productId } });
      data.setData((current) => (current ? { ...current, product } : current));
      void message.success(t(action === 'submit' ? m.submitted : action === 'activate' ? m.activated : m.deactivated));
      if (action === 'submit') data.reload();
    } catch (e) {
      handleProblem(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="page">
      <PageHeader
        back={<Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(`${base}/products`)} aria-label={t(m.backLabel)} />}
        title={
          <Space wrap>
            <span data-testid="my-product-name">{productName(p, lang)}</span>
            <ReviewStatusTag status={p.reviewStatus} />
            <ShelfTag active={p.active} />
          </Space>
        }
        subtitle={[p.brand, p.model].filter(Boolean).join(' · ') || undefined}
        extra={
          <Space wrap>
            {p.reviewStatus === 'draft' || p.reviewStatus === 'rejected' ? (
              <Button type="primary" loading={busy === 'submit'} onClick={() => void act('submit')} data-testid="product-submit">
                {t(m.submit)}
              </Button>
            ) : null}
            {p.active ? (
              <Button loading={busy === 'deactivate'} onClick={() => void act('deactivate')}>
                {t(m.deactivate)}
              </Button>
            ) : (
              <Button loading={busy === 'activate'} onClick={() => void act('activate')}>
                {t(m.activate)}
              </Button>
            )}
          </Space>
        }
      />
      {p.reviewStatus === 'rejected' ? <Alert className="page-alert" type="error" showIcon title={t(m.rejectedAlert)} description={t(m.rejectedReason, { reason: p.reviewNote ?? '—' })} /> : null}
      {p.reviewStatus === 'pending_review' ? <Alert className="page-alert" type="info" showIcon title={t(m.pendingAlert)} /> : null}
      {p.reviewStatus === 'draft' ? <Alert className="page-alert" type="warning" showIcon title={t(m.draftAlert)} /> : null}
      {p.reviewStatus === 'approved' && !p.active ? <Alert className="page-alert" type="warning" showIcon title={t(m.approvedOffShelf)} /> : null}
      <Card size="small">
        <Tabs
          items={[
            { key: 'basics', label: t(m.tabBasics), children: <BasicsTab detail={detail} onSaved={setDetail} /> },
            { key: 'skus', label: `${t(m.tabSkusPrices)} (${detail.skus.length})`, children: <SkusTab detail={detail} onSaved={setDetail} /> },
            { key: 'files', label: `${t(m.tabFiles)} (${detail.files.length})`, children: <FilesTab detail={detail} onChanged={(files) => data.setData((c) => (c ? { ...c, files } : c))} /> },
            { key: 'reviews', label: t(m.tabReviews), children: <ReviewTrail reviews={detail.reviews ?? []} /> },
          ]}
        />
      </Card>
    </div>
  );
}
