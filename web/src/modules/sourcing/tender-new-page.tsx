import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Radio, Row, Select, Space, Steps, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useApiData } from '../../platform/use-api.ts';
import { PageHeader } from '../../shell/page.tsx';
import { addDec, DECIMAL, fileToBase64, label, QUANTITY } from './api.ts';
import { m } from './messages.ts';
import { SupplierPicker } from './rfq-new-page.tsx';

interface Values {
  title: string;
  description?: string;
  visibility: 'public' | 'invited';
  supplierOrgIds?: string[];
  categoryCodes?: string[];
  qualificationRequirements?: string;
  deliveryAddress?: string;
  paymentMethod: 'escrow' | 'credit';
  creditDays?: number | null;
  registrationDeadline: dayjs.Dayjs;
  bidDeadline: dayjs.Dayjs;
  openingAt: dayjs.Dayjs;
  openingWindowMinutes: number;
  amendmentNoticeMinutes: number;
  awardConfirmMinutes: number;
  depositAmount: string;
  method: 'lowest_price' | 'comprehensive';
  priceWeight: string;
  technicalWeight: string;
  commercialWeight: string;
  technicalPassScore: string;
  lines: Array<{ name?: string; spec?: string; quantity?: string; uom?: string; categoryCode?: string }>;
  documents: Array<{ title?: string; body?: string; file?: { name: string; type: string; content: string } }>;
  openerUserIds: string[];
  openerQuorum: number;
  evaluatorUserIds: string[];
}

const WEIGHT = /^\d{1,3}(\.\d{1,2})?$/;

/** The buyer's tender wizard: the tender is created as a draft; openers accept on its page, then it is published. */
export default function TenderNewPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [saving, setSaving] = useState(false);
  const visibility = Form.useWatch('visibility', form) ?? 'public';
  const method = Form.useWatch('method', form) ?? 'comprehensive';
  const paymentMethod = Form.useWatch('paymentMethod', form) ?? 'escrow';
  const openerIds = Form.useWatch('openerUserIds', form) ?? [];
  const values = Form.useWatch([], form) as Values | undefined;
  const openers = useApiData((signal) => api.get('/sourcing/colleagues', { query: { role: 'opener' }, signal }), []);
  const evaluators = useApiData((signal) => api.get('/sourcing/colleagues', { query: { role: 'evaluator' }, signal }), []);
  const steps = [m.wizardBasics, m.wizardSchedule, m.wizardEvaluation, m.wizardDocuments, m.wizardPeople, m.wizardReview];
  const fieldsByStep: string[][] = [
    ['title', 'visibility', 'supplierOrgIds', 'paymentMethod', 'creditDays'],
    ['registrationDeadline', 'bidDeadline', 'openingAt', 'openingWindowMinutes', 'amendmentNoticeMinutes', 'awardConfirmMinutes', 'depositAmount'],
    ['method', 'priceWeight', 'technicalWeight', 'commercialWeight', 'technicalPassScore'],
    ['lines', 'documents'],
    ['openerUserIds', 'openerQuorum', 'evaluatorUserIds'],
    [],
  ];
  const now = dayjs();

  const next = async () => {
    try {
      await form.validateFields(fieldsByStep[step] as never, { recursive: true });
      if (step === 2) {
        const v = form.getFieldsValue(true) as Values;
        if (addDec([v.priceWeight, v.technicalWeight, v.commercialWeight]).replace(/\.?0+$/, '') !== '100') {
          form.setFields([{ name: 'priceWeight', errors: [t(m.weightsMustSum)] }]);
          return;
        }
      }
      setStep((s) => s + 1);
    } catch {
      // the form shows what is missing
    }
  };

  const create = async () => {
    const v = form.getFieldsValue(true) as Values;
    setSaving(true);
    try {
      const created = await api.post('/tenders', {
        body: {
          title: v.title.trim(),
          description: v.description?.trim() || null,
          visibility: v.visibility,
          supplierOrgIds: v.visibility === 'invited' ? v.supplierOrgIds ?? [] : undefined,
          categoryCodes: v.categoryCodes?.length ? v.categoryCodes : undefined,
          method: v.method,
          priceWeight: v.priceWeight,
          technicalWeight: v.technicalWeight,
          commercialWeight: v.commercialWeight,
          technicalPassScore: v.technicalPassScore,
          qualificationRequirements: v.qualificationRequirements?.trim() || null,
          depositAmount: v.depositAmount || '0',
          registrationDeadline: v.registrationDeadline.toISOString(),
          bidDeadline: v.bidDeadline.toISOString(),
          openingAt: v.openingAt.toISOString(),
          openingWindowMinutes: v.openingWindowMinutes,
          amendmentNoticeMinutes: v.amendmentNoticeMinutes,
          awardConfirmMinutes: v.awardConfirmMinutes,
          openerUserIds: v.openerUserIds,
          openerQuorum: v.openerQuorum,
          evaluatorUserIds: v.evaluatorUserIds,
          lines: (v.lines ?? []).map((l) => ({ name: l.name!.trim(), spec: l.spec?.trim() || null, quantity: l.quantity!, uom: l.uom!.trim(), categoryCode: l.categoryCode?.trim() || null })),
          documents: (v.documents ?? [])
            .filter((d) => d.title?.trim())
            .map((d) => ({ title: d.title!.trim(), body: d.body?.trim() || null, filename: d.file?.name ?? null, mimeType: d.file ? d.file.type || 'application/octet-stream' : null, contentBase64: d.file?.content ?? null })),
          deliveryAddress: v.deliveryAddress?.trim() || null,
          paymentMethod: v.paymentMethod,
          creditDays: v.paymentMethod === 'credit' ? v.creditDays ?? null : null,
        },
      });
      void message.success(t(m.tenderCreated));
      navigate(`/buyer/sourcing/tenders/${created.id}`);
    } catch (error) {
      onProblem(error, form);
    } finally {
      setSaving(false);
    }
  };

  const timeField = (name: keyof Values, text: string, testId: string) => (
    <Form.Item name={name} label={text} rules={[{ required: true, message: t(common.fieldRequired) }]}>
      <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid={testId} />
    </Form.Item>
  );

  return (
    <div className="page">
      <PageHeader back={<Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/buyer/sourcing/tenders')} aria-label={t(common.back)} />} title={t(m.newTender)} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Steps size="small" current={step} items={steps.map((s) => ({ title: t(s) }))} />
      </Card>
      <Form
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{
          visibility: 'public',
          paymentMethod: 'escrow',
          method: 'comprehensive',
          priceWeight: '60',
          technicalWeight: '30',
          commercialWeight: '10',
          technicalPassScore: '60',
          depositAmount: '0',
          registrationDeadline: now.add(10, 'day').hour(17).minute(0).second(0),
          bidDeadline: now.add(20, 'day').hour(9).minute(30).second(0),
          openingAt: now.add(20, 'day').hour(9).minute(30).second(0),
          openingWindowMinutes: 60,
          amendmentNoticeMinutes: 15 * 24 * 60,
          awardConfirmMinutes: 2 * 24 * 60,
          openerQuorum: 2,
          lines: [{ uom: '台' }],
          documents: [{ title: '招标文件' }],
          openerUserIds: [],
          evaluatorUserIds: [],
        }}
      >
        <Card size="small" hidden={step !== 0}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="title" label={t(m.title)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 200 }]}>
                <Input data-testid="tender-title" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="visibility" label={t(m.visibility)}>
                <Radio.Group options={['public', 'invited'].map((v) => ({ value: v, label: t(label('visibility_', v)) }))} />
              </Form.Item>
            </Col>
            {visibility === 'invited' ? (
              <Col span={24}>
                <Form.Item name="supplierOrgIds" label={t(m.invitedSuppliers)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
                  <SupplierPicker />
                </Form.Item>
              </Col>
            ) : null}
            <Col span={24}>
              <Form.Item name="description" label={t(m.description)} rules={[{ max: 10_000 }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="qualificationRequirements" label={t(m.qualificationRequirements)} rules={[{ max: 5000 }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="categoryCodes" label={t(m.categoryCodes)}>
                <Select mode="tags" tokenSeparators={[',', ' ']} placeholder="02, 0401" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="deliveryAddress" label={t(m.deliveryAddress)} rules={[{ max: 300 }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="paymentMethod" label={t(m.paymentMethod)}>
                <Radio.Group options={[{ value: 'escrow', label: t(m.payment_escrow) }, { value: 'credit', label: t(m.payment_credit) }]} />
              </Form.Item>
            </Col>
            {paymentMethod === 'credit' ? (
              <Col xs={24} md={4}>
                <Form.Item name="creditDays" label={t(m.creditDays)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
                  <InputNumber min={1} max={180} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
        </Card>

        <Card size="small" hidden={step !== 1}>
          <Row gutter={16}>
            <Col xs={24} md={8}>{timeField('registrationDeadline', t(m.registrationDeadline), 'tender-reg-deadline')}</Col>
            <Col xs={24} md={8}>{timeField('bidDeadline', t(m.bidDeadline), 'tender-bid-deadline')}</Col>
            <Col xs={24} md={8}>{timeField('openingAt', t(m.openingAt), 'tender-opening')}</Col>
            <Col xs={12} md={6}>
              <Form.Item name="openingWindowMinutes" label={t(m.openingWindow)} rules={[{ required: true }]}>
                <InputNumber min={5} max={10080} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="amendmentNoticeMinutes" label={t(m.amendmentNotice)} rules={[{ required: true }]}>
                <InputNumber min={1} max={129600} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="awardConfirmMinutes" label={t(m.awardConfirmMinutes)} rules={[{ required: true }]}>
                <InputNumber min={1} max={43200} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="depositAmount" label={t(m.depositAmount)} rules={[{ pattern: DECIMAL, message: t(common.fieldFormat) }]}>
                <Input addonBefore="¥" data-testid="tender-deposit" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" hidden={step !== 2}>
          <Form.Item name="method" label={t(m.method)}>
            <Radio.Group
              options={['comprehensive', 'lowest_price'].map((v) => ({ value: v, label: t(label('method_', v)) }))}
              onChange={(e) => {
                if (e.target.value === 'lowest_price') form.setFieldsValue({ priceWeight: '100', technicalWeight: '0', commercialWeight: '0' });
              }}
            />
          </Form.Item>
          <Row gutter={16}>
            {(['priceWeight', 'technicalWeight', 'commercialWeight'] as const).map((k) => (
              <Col xs={8} md={4} key={k}>
                <Form.Item name={k} label={t(m[k])} rules={[{ required: true }, { pattern: WEIGHT, message: t(common.fieldFormat) }]}>
                  <Input suffix="%" disabled={method === 'lowest_price'} />
                </Form.Item>
              </Col>
            ))}
            <Col xs={8} md={4}>
              <Form.Item name="technicalPassScore" label={t(m.technicalPassScore)} rules={[{ pattern: WEIGHT, message: t(common.fieldFormat) }]}>
                <Input />
              </Form.Item>
            </Col>
          </Row>
          <Alert type="info" showIcon message={t(m.priceFormula)} />
        </Card>

        <Card size="small" hidden={step !== 3} title={t(m.lines)}>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Row gutter={8} key={field.key}>
                    <Col xs={24} md={8}>
                      <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 300 }]}>
                        <Input placeholder={t(m.item)} data-testid={`tender-line-name-${field.name}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={7}>
                      <Form.Item name={[field.name, 'spec']} rules={[{ max: 1000 }]}>
                        <Input placeholder={t(m.spec)} />
                      </Form.Item>
                    </Col>
                    <Col xs={8} md={3}>
                      <Form.Item name={[field.name, 'quantity']} rules={[{ required: true, message: t(common.fieldRequired) }, { pattern: QUANTITY, message: t(common.fieldFormat) }]}>
                        <Input placeholder={t(m.quantity)} data-testid={`tender-line-qty-${field.name}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={8} md={2}>
                      <Form.Item name={[field.name, 'uom']} rules={[{ required: true, message: t(common.fieldRequired) }, { max: 20 }]}>
                        <Input placeholder={t(m.uom)} />
                      </Form.Item>
                    </Col>
                    <Col xs={6} md={3}>
                      <Form.Item name={[field.name, 'categoryCode']} rules={[{ pattern: /^\d{2,12}$/, message: t(common.fieldFormat) }]}>
                        <Input placeholder={t(m.category)} />
                      </Form.Item>
                    </Col>
                    <Col xs={2} md={1}>
                      <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={fields.length === 1} aria-label={t(m.remove)} />
                    </Col>
                  </Row>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ uom: '台' })}>
                  {t(m.addLine)}
                </Button>
              </>
            )}
          </Form.List>
          <Card size="small" type="inner" title={t(m.documents)} style={{ marginTop: 16 }}>
            <Form.List name="documents">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Row gutter={8} key={field.key}>
                      <Col xs={24} md={6}>
                        <Form.Item name={[field.name, 'title']} rules={[{ max: 200 }]}>
                          <Input placeholder={t(m.documentTitle)} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={11}>
                        <Form.Item name={[field.name, 'body']} rules={[{ max: 20_000 }]}>
                          <Input.TextArea rows={1} placeholder={t(m.documentBody)} />
                        </Form.Item>
                      </Col>
                      <Col xs={20} md={6}>
                        <Form.Item name={[field.name, 'file']} valuePropName="fileInfo">
                          <DocumentUpload />
                        </Form.Item>
                      </Col>
                      <Col xs={4} md={1}>
                        <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t(m.remove)} />
                      </Col>
                    </Row>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({})}>
                    {t(m.addDocument)}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
        </Card>

        <Card size="small" hidden={step !== 4}>
          <Alert type="info" showIcon message={t(m.openersHint)} style={{ marginBottom: 16 }} />
          <Row gutter={16}>
            <Col xs={24} md={16}>
              <Form.Item name="openerUserIds" label={t(m.openers)} rules={[{ required: true, type: 'array', min: 1, message: t(common.fieldRequired) }]}>
                <Select mode="multiple" maxCount={5} loading={openers.loading} options={(openers.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} data-testid="tender-openers" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="openerQuorum" label={t(m.openerQuorum)} rules={[{ required: true }]}>
                <InputNumber min={1} max={Math.max(1, openerIds.length)} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="evaluatorUserIds" label={t(m.evaluators)} rules={[{ required: true, type: 'array', min: 1, message: t(common.fieldRequired) }]}>
                <Select mode="multiple" maxCount={9} loading={evaluators.loading} options={(evaluators.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} data-testid="tender-evaluators" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" hidden={step !== 5}>
          {values ? (
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t(m.title)}>{values.title}</Descriptions.Item>
              <Descriptions.Item label={t(m.visibility)}>{t(label('visibility_', values.visibility))}</Descriptions.Item>
              <Descriptions.Item label={t(m.method)}>{t(label('method_', values.method))}</Descriptions.Item>
              <Descriptions.Item label={t(m.weights)}>{`${values.priceWeight} / ${values.technicalWeight} / ${values.commercialWeight}`}</Descriptions.Item>
              <Descriptions.Item label={t(m.registrationDeadline)}>{values.registrationDeadline ? formatDateTime(values.registrationDeadline.toISOString()) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t(m.bidDeadline)}>{values.bidDeadline ? formatDateTime(values.bidDeadline.toISOString()) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t(m.openingAt)}>{values.openingAt ? formatDateTime(values.openingAt.toISOString()) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t(m.depositAmount)}>{formatMoney(values.depositAmount || '0', 'CNY', lang)}</Descriptions.Item>
              <Descriptions.Item label={t(m.openers)}>{`${values.openerUserIds?.length ?? 0} · ${t(m.openerQuorum)} ${values.openerQuorum}`}</Descriptions.Item>
              <Descriptions.Item label={t(m.evaluators)}>{values.evaluatorUserIds?.length ?? 0}</Descriptions.Item>
              <Descriptions.Item label={t(m.lines)}>{values.lines?.length ?? 0}</Descriptions.Item>
              <Descriptions.Item label={t(m.documents)}>{values.documents?.filter((d) => d.title).length ?? 0}</Descriptions.Item>
            </Descriptions>
          ) : null}
        </Card>
      </Form>
      <div style={{ marginTop: 16, display: 'flex', justifyContent: 'space-between' }}>
        <Button disabled={step === 0} onClick={() => setStep((s) => s - 1)}>
          {t(m.previous)}
        </Button>
        <Space>
          {step < steps.length - 1 ? (
            <Button type="primary" onClick={next} data-testid="wizard-next">
              {t(m.next)}
            </Button>
          ) : (
            <Button type="primary" onClick={create} loading={saving} data-testid="tender-create">
              {t(m.saveDraft)}
            </Button>
          )}
        </Space>
      </div>
    </div>
  );
}

/** A single file read into base64 for the JSON body. */
function DocumentUpload({ fileInfo, onChange }: { fileInfo?: { name: string; type: string; content: string }; onChange?: (v: { name: string; type: string; content: string } | undefined) => void }) {
  const { t } = useI18n();
  return (
    <Space>
      <Upload
        showUploadList={false}
        beforeUpload={async (file) => {
          onChange?.({ name: file.name, type: file.type, content: await fileToBase64(file) });
          return false;
        }}
      >
        <Button icon={<UploadOutlined />}>{t(m.documentFile)}</Button>
      </Upload>
      {fileInfo ? <span className="cell-sub">{fileInfo.name}</span> : null}
    </Space>
  );
}
