import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, InputNumber, Radio, Row, Select, Space, Steps, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useApiData } from '../../platform/use-api.ts';
import { PageHeader } from '../../shell/page.tsx';
import { label, QUANTITY } from './api.ts';
import { m } from './messages.ts';

interface LineValues {
  name?: string;
  spec?: string;
  quantity?: string;
  uom?: string;
  categoryCode?: string;
  allowAlternatives?: boolean;
}

interface Values {
  title: string;
  description?: string;
  deadline: dayjs.Dayjs;
  deliveryAddress?: string;
  deliveryRegion?: string;
  needBy?: dayjs.Dayjs | null;
  paymentMethod: 'escrow' | 'credit';
  creditDays?: number | null;
  source: 'manual' | 'requisition';
  requisitionId?: string;
  lines?: LineValues[];
  audience: 'invited' | 'category' | 'all';
  supplierOrgIds?: string[];
  categoryCodes?: string[];
}

/** Supplier picker: searches active suppliers by name (or lists the category's matches). */
export function SupplierPicker({ value, onChange, categoryCode, testId }: { value?: string[]; onChange?: (ids: string[]) => void; categoryCode?: string; testId?: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [known, setKnown] = useState<Record<string, string>>({});
  const found = useApiData(
    (signal) => api.get('/sourcing/suppliers', { query: { q: q || undefined, categoryCode: categoryCode || undefined, limit: 50 }, signal }),
    [q, categoryCode],
  );
  const options = (found.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name}${s.matched ? ` · ${t(m.matched)}` : ''}` }));
  for (const id of value ?? []) if (!options.some((o) => o.value === id)) options.push({ value: id, label: known[id] ?? id });
  return (
    <Select
      mode="multiple"
      showSearch
      filterOption={false}
      onSearch={(v) => setQ(v.trim())}
      loading={found.loading}
      value={value}
      onChange={(ids: string[]) => {
        setKnown((k) => ({ ...k, ...Object.fromEntries(options.filter((o) => ids.includes(o.value)).map((o) => [o.value, o.label])) }));
        onChange?.(ids);
      }}
      options={options}
      placeholder={t(m.searchSuppliers)}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

/** The buyer's RFQ wizard: basics, lines (typed or from an approved requisition), suppliers, review. */
export default function RfqNewPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [saving, setSaving] = useState<'draft' | 'publish' | null>(null);
  const source = Form.useWatch('source', form) ?? 'manual';
  const audience = Form.useWatch('audience', form) ?? 'invited';
  const paymentMethod = Form.useWatch('paymentMethod', form) ?? 'escrow';
  const categoryCodes = Form.useWatch('categoryCodes', form) ?? [];
  const requisitions = useApiData((signal) => api.get('/procurement/requisitions', { query: { status: 'approved,partially_ordered', limit: 100 }, signal }), []);
  const fieldsByStep: Array<Array<string | Array<string | number>>> = [['title', 'deadline', 'paymentMethod', 'creditDays', 'deliveryAddress'], ['requisitionId', 'lines'], ['supplierOrgIds', 'categoryCodes'], []];

  const next = async () => {
    try {
      await form.validateFields(fieldsByStep[step] as never, { recursive: true });
      setStep((s) => s + 1);
    } catch {
      // the form shows what is missing
    }
  };

  const save = async (publish: boolean) => {
    const v = form.getFieldsValue(true) as Values;
    setSaving(publish ? 'publish' : 'draft');
    try {
      const created = await api.post('/rfqs', {
        body: {
          title: v.title.trim(),
          description: v.description?.trim() || null,
          audience: v.audience,
          supplierOrgIds: v.audience === 'all' ? undefined : v.supplierOrgIds ?? [],
          categoryCodes: v.audience === 'category' ? v.categoryCodes ?? [] : undefined,
          deadline: v.deadline.toISOString(),
          requisitionId: v.source === 'requisition' ? v.requisitionId : undefined,
          lines:
            v.source === 'manual'
              ? (v.lines ?? []).map((l) => ({ name: l.name!.trim(), spec: l.spec?.trim() || null, quantity: l.quantity!, uom: l.uom!.trim(), categoryCode: l.categoryCode?.trim() || null, allowAlternatives: Boolean(l.allowAlternatives) }))
              : undefined,
          deliveryAddress: v.deliveryAddress?.trim() || null,
          deliveryRegion: v.deliveryRegion?.trim() || null,
          needBy: v.needBy ? v.needBy.format('YYYY-MM-DD') : null,
          paymentMethod: v.paymentMethod,
          creditDays: v.paymentMethod === 'credit' ? v.creditDays ?? null : null,
        },
      });
      if (publish) await api.post('/rfqs/{rfqId}/publish', { params: { rfqId: created.id }, body: { version: created.version } });
      void message.success(t(publish ? m.rfqPublished : m.rfqCreated));
      navigate(`/buyer/sourcing/rfqs/${created.id}`);
    } catch (error) {
      onProblem(error, form);
    } finally {
      setSaving(null);
    }
  };

  const values = Form.useWatch([], form) as Values | undefined;
  const reviewLines = useMemo(() => (values?.source === 'manual' ? values.lines ?? [] : []), [values]);

  return (
    <div className="page">
      <PageHeader back={<Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/buyer/sourcing/rfqs')} aria-label={t(common.back)} />} title={t(m.newRfq)} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Steps size="small" current={step} items={[{ title: t(m.wizardBasics) }, { title: t(m.wizardLines) }, { title: t(m.wizardSuppliers) }, { title: t(m.wizardReview) }]} />
      </Card>
      <Form form={form} layout="vertical" requiredMark="optional" initialValues={{ paymentMethod: 'escrow', source: 'manual', audience: 'invited', lines: [{ uom: 'pcs' }], deadline: dayjs().add(3, 'day').hour(17).minute(0).second(0) }}>
        <Card size="small" hidden={step !== 0}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="title" label={t(m.title)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 200 }]}>
                <Input data-testid="rfq-title" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="deadline" label={t(m.deadline)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="rfq-deadline" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="description" label={t(m.description)} rules={[{ max: 5000 }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="deliveryAddress" label={t(m.deliveryAddress)} rules={[{ max: 300 }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="deliveryRegion" label={t(m.deliveryRegion)} rules={[{ max: 40 }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="needBy" label={t(m.needBy)}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="paymentMethod" label={t(m.paymentMethod)}>
                <Radio.Group options={[{ value: 'escrow', label: t(m.payment_escrow) }, { value: 'credit', label: t(m.payment_credit) }]} />
              </Form.Item>
            </Col>
            {paymentMethod === 'credit' ? (
              <Col xs={24} md={6}>
                <Form.Item name="creditDays" label={t(m.creditDays)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
                  <InputNumber min={1} max={180} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
        </Card>

        <Card size="small" hidden={step !== 1}>
          <Form.Item name="source">
            <Radio.Group optionType="button" options={[{ value: 'manual', label: t(m.wizardLines) }, { value: 'requisition', label: t(m.fromRequisition) }]} />
          </Form.Item>
          {source === 'requisition' ? (
            <Form.Item name="requisitionId" label={t(m.requisition)} extra={t(m.requisitionHint)} rules={[{ required: source === 'requisition', message: t(common.fieldRequired) }]}>
              <Select loading={requisitions.loading} options={(requisitions.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.number} · ${r.title}` }))} data-testid="rfq-requisition" />
            </Form.Item>
          ) : (
            <Form.List name="lines">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Row gutter={8} key={field.key} align="top">
                      <Col xs={24} md={7}>
                        <Form.Item name={[field.name, 'name']} label={field.name === 0 ? t(m.item) : undefined} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 300 }]}>
                          <Input placeholder={t(m.item)} data-testid={`rfq-line-name-${field.name}`} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={6}>
                        <Form.Item name={[field.name, 'spec']} label={field.name === 0 ? t(m.spec) : undefined} rules={[{ max: 1000 }]}>
                          <Input placeholder={t(m.spec)} />
                        </Form.Item>
                      </Col>
                      <Col xs={8} md={3}>
                        <Form.Item name={[field.name, 'quantity']} label={field.name === 0 ? t(m.quantity) : undefined} rules={[{ required: true, message: t(common.fieldRequired) }, { pattern: QUANTITY, message: t(common.fieldFormat) }]}>
                          <Input placeholder={t(m.quantity)} data-testid={`rfq-line-qty-${field.name}`} />
                        </Form.Item>
                      </Col>
                      <Col xs={8} md={2}>
                        <Form.Item name={[field.name, 'uom']} label={field.name === 0 ? t(m.uom) : undefined} rules={[{ required: true, message: t(common.fieldRequired) }, { max: 20 }]}>
                          <Input placeholder={t(m.uom)} />
                        </Form.Item>
                      </Col>
                      <Col xs={8} md={3}>
                        <Form.Item name={[field.name, 'categoryCode']} label={field.name === 0 ? t(m.category) : undefined} rules={[{ pattern: /^\d{2,12}$/, message: t(common.fieldFormat) }]}>
                          <Input placeholder="0101" />
                        </Form.Item>
                      </Col>
                      <Col xs={20} md={2}>
                        <Form.Item name={[field.name, 'allowAlternatives']} valuePropName="checked" label={field.name === 0 ? t(m.alternative) : undefined}>
                          <Checkbox />
                        </Form.Item>
                      </Col>
                      <Col xs={4} md={1}>
                        <Form.Item label={field.name === 0 ? ' ' : undefined}>
                          <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={fields.length === 1} aria-label={t(m.remove)} />
                        </Form.Item>
                      </Col>
                    </Row>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ uom: 'pcs' })} data-testid="rfq-add-line">
                    {t(m.addLine)}
                  </Button>
                </>
              )}
            </Form.List>
          )}
        </Card>

        <Card size="small" hidden={step !== 2}>
          <Form.Item name="audience" label={t(m.audience)}>
            <Radio.Group options={['invited', 'category', 'all'].map((a) => ({ value: a, label: t(label('audience_', a)) }))} data-testid="rfq-audience" />
          </Form.Item>
          {audience === 'category' ? (
            <Form.Item name="categoryCodes" label={t(m.categoryCodes)} rules={[{ required: audience === 'category', message: t(common.fieldRequired) }]}>
              <Select mode="tags" tokenSeparators={[',', ' ']} placeholder="01, 0401" />
            </Form.Item>
          ) : null}
          {audience !== 'all' ? (
            <Form.Item name="supplierOrgIds" label={t(m.chooseSuppliers)} rules={[{ required: audience === 'invited', message: t(common.fieldRequired) }]}>
              <SupplierPicker categoryCode={audience === 'category' ? categoryCodes[0] : undefined} testId="rfq-suppliers" />
            </Form.Item>
          ) : null}
        </Card>

        <Card size="small" hidden={step !== 3}>
          <Alert type="info" showIcon message={t(m.reviewText)} style={{ marginBottom: 16 }} />
          {values ? (
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label={t(m.title)}>{values.title}</Descriptions.Item>
              <Descriptions.Item label={t(m.deadline)}>{values.deadline ? formatDateTime(values.deadline.toISOString()) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t(m.audience)}>{t(label('audience_', values.audience))}</Descriptions.Item>
              <Descriptions.Item label={t(m.wizardSuppliers)}>{values.audience === 'all' ? t(label('audience_', 'all')) : t(m.supplierCount, { n: values.supplierOrgIds?.length ?? 0 })}</Descriptions.Item>
              <Descriptions.Item label={t(m.paymentMethod)}>{t(label('payment_', values.paymentMethod))}</Descriptions.Item>
              <Descriptions.Item label={t(m.deliveryAddress)}>{values.deliveryAddress || '—'}</Descriptions.Item>
            </Descriptions>
          ) : null}
          {reviewLines.length ? (
            <Table
              style={{ marginTop: 16 }}
              size="small"
              pagination={false}
              rowKey={(_, i) => String(i)}
              dataSource={reviewLines}
              columns={[
                { title: t(m.item), dataIndex: 'name' },
                { title: t(m.spec), dataIndex: 'spec' },
                { title: t(m.quantity), dataIndex: 'quantity', align: 'right' },
                { title: t(m.uom), dataIndex: 'uom' },
                { title: t(m.alternative), dataIndex: 'allowAlternatives', render: (v: boolean) => (v ? <Tag>{t(m.yes)}</Tag> : null) },
              ]}
            />
          ) : values?.source === 'requisition' ? (
            <Typography.Paragraph style={{ marginTop: 16 }}>{t(m.requisitionHint)}</Typography.Paragraph>
          ) : null}
        </Card>
      </Form>
      <div style={{ marginTop: 16, display: 'flex', justifyContent: 'space-between' }}>
        <Button disabled={step === 0} onClick={() => setStep((s) => s - 1)}>
          {t(m.previous)}
        </Button>
        <Space>
          {step < 3 ? (
            <Button type="primary" onClick={next} data-testid="wizard-next">
              {t(m.next)}
            </Button>
          ) : (
            <>
              <Button onClick={() => save(false)} loading={saving === 'draft'} disabled={saving !== null} data-testid="rfq-save-draft">
                {t(m.saveDraft)}
              </Button>
              <Button type="primary" onClick={() => save(true)} loading={saving === 'publish'} disabled={saving !== null} data-testid="rfq-publish">
                {t(m.publish)}
              </Button>
            </>
          )}
        </Space>
      </div>
    </div>
  );
}
