import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, ShoppingOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Input, Modal, Row, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, isProblem } from '../../platform/api.ts';
import { formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import { BASE, categoryTree, filterCategory, compare, mul, sum, useCategories, useOpenBudgetLines, type Requisition, type SkuHit } from './api.ts';
import { m } from './messages.ts';

const QTY = /^\d{1,12}(\.\d{1,3})?$/;
const PRICE = /^\d{1,15}(\.\d{1,4})?$/;

interface LineValues {
  kind: 'sku' | 'free';
  skuId?: string;
  /** What the picker showed for a SKU line (name, supplier or spec, price incl. VAT), for display only. */
  skuTitle?: string;
  skuNote?: string;
  skuPrice?: string;
  description?: string;
  spec?: string;
  categoryCode?: string;
  quantity?: string;
  uom?: string;
  estimatedUnitPrice?: string;
}

interface Values {
  title: string;
  orgUnit?: string;
  deliverySite?: string;
  needBy?: dayjs.Dayjs | null;
  budgetLineId?: string | null;
  justification?: string;
  lines: LineValues[];
}

function toValues(r: Requisition): Values {
  return {
    title: r.title,
    orgUnit: r.orgUnit ?? undefined,
    deliverySite: r.deliverySite ?? undefined,
    needBy: r.needBy ? dayjs(r.needBy) : null,
    budgetLineId: r.budgetLineId,
    justification: r.justification ?? undefined,
    lines: r.lines.map((l) =>
      l.skuId
        ? { kind: 'sku', skuId: l.skuId, skuTitle: l.description, skuNote: l.spec ?? undefined, skuPrice: l.estimatedUnitPrice, quantity: l.quantity, uom: l.uom, categoryCode: l.categoryCode ?? undefined }
        : { kind: 'free', description: l.description, spec: l.spec ?? undefined, categoryCode: l.categoryCode ?? undefined, quantity: l.quantity, uom: l.uom, estimatedUnitPrice: l.estimatedUnitPrice },
    ),
  };
}

function toBody(v: Values) {
  return {
    title: v.title.trim(),
    orgUnit: v.orgUnit?.trim() || null,
    deliverySite: v.deliverySite?.trim() || null,
    needBy: v.needBy ? v.needBy.format('YYYY-MM-DD') : null,
    budgetLineId: v.budgetLineId || null,
    justification: v.justification?.trim() || null,
    lines: (v.lines ?? []).map((l) =>
      l.kind === 'sku'
        ? { skuId: l.skuId!, quantity: l.quantity! }
        : { description: l.description?.trim() ?? '', spec: l.spec?.trim() || null, categoryCode: l.categoryCode ?? null, quantity: l.quantity!, uom: l.uom?.trim() ?? '', estimatedUnitPrice: l.estimatedUnitPrice },
    ),
  };
}

/** Create or edit a requisition: catalog SKU lines (picked from search) or free-text lines with a category. */
export default function RequisitionFormPage() {
  const { requisitionId } = useParams();
  const existing = useApiData(
    (signal) => (requisitionId ? api.get('/procurement/requisitions/{requisitionId}', { params: { requisitionId }, signal }) : Promise.resolve(null)),
    [requisitionId],
  );
  if (existing.error) return <LoadError error={existing.error} onRetry={existing.reload} />;
  if (existing.loading && requisitionId) return <PageLoading />;
  return <RequisitionForm existing={existing.data ?? null} />;
}

function RequisitionForm({ existing }: { existing: Requisition | null }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState<'draft' | 'submit' | null>(null);
  const [picking, setPicking] = useState(false);
  const categories = useCategories();
  const budgetLines = useOpenBudgetLines();
  const tree = useMemo(() => categoryTree(categories.data ?? []), [categories.data]);
  const lines = Form.useWatch('lines', form) ?? [];
  const budgetLineId = Form.useWatch('budgetLineId', form);

  useEffect(() => {
    form.setFieldsValue(existing ? toValues(existing) : { lines: [] });
  }, [existing, form]);

  const lineAmount = (l: LineValues) => (l.kind === 'sku' ? mul(l.skuPrice, l.quantity) : mul(l.estimatedUnitPrice, l.quantity));
  const estimate = sum(lines.map((l) => (l ? lineAmount(l) : null)));
  const chosenLine = budgetLines.data?.find((b) => b.id === budgetLineId);
  const overBudget = chosenLine && compare(estimate, chosenLine.remaining) > 0;
  // A budget line is offered when it funds every line's category (the server checks the same at submission).
  const lineCategories = lines.map((l) => l?.categoryCode).filter(Boolean) as string[];
  const budgetOptions = (budgetLines.data ?? [])
    .filter((b) => !b.categoryCode || lineCategories.every((c) => c.startsWith(b.categoryCode!)))
    .map((b) => ({ value: b.id, label: t(m.budgetFunds, { code: b.code, unit: b.orgUnit, remaining: formatMoney(b.remaining, b.currency, lang) }) }));

  const save = async (submit: boolean) => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    if (!values.lines?.length) {
      void message.warning(t(m.noLines));
      return;
    }
    setSaving(submit ? 'submit' : 'draft');
    try {
      const body = toBody(values);
      const saved = existing
        ? await api.patch('/procurement/requisitions/{requisitionId}', { params: { requisitionId: existing.id }, body: { ...body, version: existing.version } })
        : await api.post('/procurement/requisitions', { body });
      if (submit) {
        const submitted = await api.post('/procurement/requisitions/{requisitionId}/submit', { params: { requisitionId: saved.id }, body: { version: saved.version } }).catch((error: unknown) => {
          // Saved as a draft; the submission's problem is shown on its page.
          onProblem(error);
          return null;
        });
        if (submitted) void message.success(t(submitted.status === 'approved' ? m.approvedAtOnce : m.submitted));
      } else {
        void message.success(t(common.saved));
      }
      navigate(`${BASE}/requisitions/${saved.id}`);
    } catch (error) {
      onProblem(error, form);
      if (isProblem(error) && (error.status === 409 || error.status === 412) && existing) navigate(`${BASE}/requisitions/${existing.id}`);
    } finally {
      setSaving(null);
    }
  };

  const addSku = (hit: SkuHit) => {
    const current = form.getFieldValue('lines') ?? [];
    form.setFieldValue('lines', [
      ...current,
      { kind: 'sku', skuId: hit.skuId, skuTitle: hit.title, skuNote: hit.supplierName, skuPrice: hit.contractPriceInclTax ?? hit.listPriceInclTax, quantity: '1', uom: hit.uom, categoryCode: hit.categoryCode },
    ]);
    setPicking(false);
  };

  return (
    <div className="page">
      <PageHeader
        back={<Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(existing ? `${BASE}/requisitions/${existing.id}` : `${BASE}/requisitions`)} aria-label={t(common.back)} />}
        title={existing ? `${t(m.editRequisition)} · ${existing.number}` : t(m.newRequisition)}
        extra={
          <Space>
            <Button onClick={() => save(false)} loading={saving === 'draft'} disabled={saving !== null} data-testid="save-draft">
              {t(m.saveDraft)}
            </Button>
            <Button type="primary" onClick={() => save(true)} loading={saving === 'submit'} disabled={saving !== null} data-testid="save-submit">
              {t(m.saveAndSubmit)}
            </Button>
          </Space>
        }
      />
      <Form form={form} layout="vertical" requiredMark="optional">
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="title" label={t(m.title)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 200 }]}>
                <Input data-testid="req-title" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="orgUnit" label={t(m.orgUnit)} rules={[{ max: 100 }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="needBy" label={t(m.needBy)}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="deliverySite" label={t(m.deliverySite)} rules={[{ max: 300 }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="budgetLineId" label={t(m.budgetLine)}>
                <Select allowClear loading={budgetLines.loading} options={budgetOptions} placeholder={t(m.noBudgetLine)} data-testid="req-budget-line" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="justification" label={t(m.justification)} rules={[{ max: 2000 }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card
          size="small"
          title={t(m.lines)}
          extra={
            <Space>
              <Button icon={<ShoppingOutlined />} onClick={() => setPicking(true)} data-testid="add-sku-line">
                {t(m.addSkuLine)}
              </Button>
              <Button
                icon={<PlusOutlined />}
                onClick={() => form.setFieldValue('lines', [...(form.getFieldValue('lines') ?? []), { kind: 'free', quantity: '1' }])}
                data-testid="add-free-line"
              >
                {t(m.addFreeLine)}
              </Button>
            </Space>
          }
        >
          <Form.List name="lines">
            {(fields, { remove }) =>
              fields.length === 0 ? (
                <Empty description={t(m.noLines)} image={Empty.PRESENTED_IMAGE_SIMPLE} />
              ) : (
                <div className="requisition-lines">
                  {fields.map((field) => {
                    const l: LineValues | undefined = lines[field.name];
                    return (
                      <Row key={field.key} gutter={8} align="top" style={{ borderBottom: '1px solid #f0f0f0', paddingTop: 8 }} data-testid={`line-${field.name}`}>
                        <Form.Item name={[field.name, 'kind']} hidden>
                          <Input />
                        </Form.Item>
                        {l?.kind === 'sku' ? (
                          <Col xs={24} md={11}>
                            {(['skuId', 'skuTitle', 'skuNote', 'skuPrice', 'uom', 'categoryCode'] as const).map((name) => (
                              <Form.Item key={name} name={[field.name, name]} hidden>
                                <Input />
                              </Form.Item>
                            ))}
                            <div style={{ paddingTop: 4, marginBottom: 16 }}>
                              <Space size={6}>
                                <Tag color="blue">{t(m.lineSku)}</Tag>
                                <Typography.Text strong>{l.skuTitle}</Typography.Text>
                              </Space>
                              <div className="cell-sub">
                                {l.skuNote}
                              </div>
                            </div>
                          </Col>
                        ) : (
                          <>
                            <Col xs={24} md={5}>
                              <Form.Item name={[field.name, 'description']} label={t(m.description)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 200 }]}>
                                <Input data-testid={`line-${field.name}-description`} />
                              </Form.Item>
                            </Col>
                            <Col xs={24} md={6}>
                              <Form.Item name={[field.name, 'categoryCode']} label={t(m.category)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
                                <TreeSelect treeData={tree} showSearch filterTreeNode={filterCategory} popupMatchSelectWidth={360} data-testid={`line-${field.name}-category`} />
                              </Form.Item>
                            </Col>
                          </>
                        )}
                        <Col xs={12} md={l?.kind === 'sku' ? 5 : 3}>
                          <Form.Item name={[field.name, 'quantity']} label={t(m.quantity)} rules={[{ required: true, message: t(common.fieldRequired) }, { pattern: QTY, message: t(common.fieldFormat) }]}>
                            <Input inputMode="decimal" suffix={l?.kind === 'sku' ? l.uom : undefined} data-testid={`line-${field.name}-quantity`} />
                          </Form.Item>
                        </Col>
                        {l?.kind === 'sku' ? null : (
                          <Col xs={12} md={2}>
                            <Form.Item name={[field.name, 'uom']} label={t(m.uom)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 20 }]}>
                              <Input data-testid={`line-${field.name}-uom`} />
                            </Form.Item>
                          </Col>
                        )}
                        {l?.kind === 'sku' ? (
                          <Col xs={12} md={5} style={{ paddingTop: 30 }}>
                            <Typography.Text type="secondary">
                              {formatMoney(l.skuPrice, 'CNY', lang)} / {l.uom}
                            </Typography.Text>
                          </Col>
                        ) : (
                          <Col xs={12} md={5}>
                            <Form.Item name={[field.name, 'estimatedUnitPrice']} label={t(m.unitPrice)} rules={[{ required: true, message: t(common.fieldRequired) }, { pattern: PRICE, message: t(common.fieldFormat) }]}>
                              <Input prefix="¥" inputMode="decimal" data-testid={`line-${field.name}-price`} />
                            </Form.Item>
                          </Col>
                        )}
                        <Col xs={12} md={2} style={{ paddingTop: 30, textAlign: 'right' }}>
                          <Typography.Text>{l && lineAmount(l) ? formatMoney(lineAmount(l), 'CNY', lang) : null}</Typography.Text>
                        </Col>
                        <Col xs={24} md={1} style={{ paddingTop: 26 }}>
                          <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t(m.removeLine)} />
                        </Col>
                        {l?.kind === 'free' ? (
                          <Col xs={24} md={{ span: 19, offset: 0 }}>
                            <Form.Item name={[field.name, 'spec']} label={t(m.spec)} rules={[{ max: 1000 }]}>
                              <Input />
                            </Form.Item>
                          </Col>
                        ) : null}
                      </Row>
                    );
                  })}
                </div>
              )
            }
          </Form.List>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 12, gap: 16, flexWrap: 'wrap' }}>
            <Typography.Text type="secondary">{t(m.skuPriceNote)}</Typography.Text>
            <Typography.Text strong data-testid="req-estimate">
              {t(m.total)}: {formatMoney(estimate, 'CNY', lang)}
            </Typography.Text>
          </div>
          {overBudget ? <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t(m.budgetWarning, { remaining: formatMoney(chosenLine.remaining, chosenLine.currency, lang) })} /> : null}
        </Card>
      </Form>
      <SkuPicker open={picking} onClose={() => setPicking(false)} onPick={addSku} />
    </div>
  );
}

/** Searches the catalog (prices shown are this buyer's: contract price when there is one). */
function SkuPicker({ open, onClose, onPick }: { open: boolean; onClose: () => void; onPick: (hit: SkuHit) => void }) {
  const { t, lang } = useI18n();
  const [q, setQ] = useState('');
  const results = useApiData((signal) => (open ? api.get('/catalog/search', { query: { q: q || undefined, limit: 20 }, signal }) : Promise.resolve(null)), [open, q]);
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t(m.pickSku)} width={880} destroyOnHidden>
      <Input.Search placeholder={t(m.skuSearch)} allowClear enterButton onSearch={(v) => setQ(v.trim())} maxLength={100} style={{ marginBottom: 12 }} data-testid="sku-search" />
      <Table<SkuHit>
        size="small"
        rowKey="skuId"
        loading={results.loading}
        dataSource={results.data?.items ?? []}
        pagination={false}
        scroll={{ y: 420 }}
        data-testid="sku-results"
        columns={[
          {
            title: t(m.description),
            key: 'title',
            render: (_, h) => (
              <div>
                <Typography.Text strong>{h.title}</Typography.Text>
                <div className="cell-sub">
                  {[h.brand, h.model, h.skuCode].filter(Boolean).join(' · ')} · <span className="mono">{h.categoryCode}</span>
                </div>
              </div>
            ),
          },
          { title: t(m.supplier), dataIndex: 'supplierName', width: 180 },
          {
            title: t(m.price),
            key: 'price',
            width: 170,
            align: 'right',
            render: (_, h) =>
              h.contractPriceInclTax ? (
                <div>
                  <Tag color="gold">{t(m.contractPrice)}</Tag>
                  {formatMoney(h.contractPriceInclTax, h.currency, lang)} / {h.uom}
                </div>
              ) : (
                `${formatMoney(h.listPriceInclTax, h.currency, lang)} / ${h.uom}`
              ),
          },
          {
            title: '',
            key: 'pick',
            width: 80,
            render: (_, h) => (
              <Button size="small" type="link" onClick={() => onPick(h)} data-testid={`pick-${h.skuCode}`}>
                {t(m.choose)}
              </Button>
            ),
          },
        ]}
      />
    </Modal>
  );
}
