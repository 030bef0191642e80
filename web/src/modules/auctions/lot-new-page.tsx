import { App, Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Space, Steps, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, type ApiBody } from '../../platform/api.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { PageHeader } from '../../shell/page.tsx';
import { label } from './api.ts';
import { m } from './messages.ts';
import { newKey } from './parts.tsx';

type LotBody = ApiBody<'/auctions/lots'>;

interface Values {
  kind: 'reverse' | 'forward';
  title: string;
  itemName: string;
  itemSpec?: string;
  uom: string;
  quantity: string;
  taxRate: string;
  description?: string;
  deliveryAddress?: string;
  startPrice: string;
  reservePrice?: string;
  stepType: 'absolute' | 'percent';
  stepValue: string;
  bidRule: 'beat_own' | 'beat_best';
  tiePolicy: 'refuse' | 'rank_behind';
  visibility: 'rank' | 'best_price';
  proxyAllowed: boolean;
  depositAmount?: string;
  window: [Dayjs, Dayjs];
  snipeOn: boolean;
  snipeWindow: number;
  snipeExtension: number;
  snipeMax: number;
  snipeFrom: 'close' | 'bid';
  triggerRank: number;
  access: 'invited' | 'public';
  requiresApproval: boolean;
  orgIds: string[];
}

const MONEY = /^\d{1,15}(\.\d{1,2})?$/;

/** The buyer's wizard: item, price rules, time and anti-sniping, participants; draft or published. */
export default function LotNewPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [saving, setSaving] = useState(false);
  const [suppliers, setSuppliers] = useState<Array<{ value: string; label: string }>>([]);
  const kind = Form.useWatch('kind', form) ?? 'reverse';
  const access = Form.useWatch('access', form) ?? 'invited';
  const snipeOn = Form.useWatch('snipeOn', form) ?? true;
  const stepType = Form.useWatch('stepType', form) ?? 'absolute';

  const steps = [
    { title: t(m.stepItem), fields: ['kind', 'title', 'itemName', 'itemSpec', 'uom', 'quantity', 'taxRate', 'description', 'deliveryAddress'] },
    { title: t(m.stepPrice), fields: ['startPrice', 'reservePrice', 'stepType', 'stepValue', 'bidRule', 'tiePolicy', 'visibility', 'proxyAllowed', 'depositAmount'] },
    { title: t(m.stepTime), fields: ['window', 'snipeOn', 'snipeWindow', 'snipeExtension', 'snipeMax', 'snipeFrom', 'triggerRank'] },
    { title: t(m.stepParticipants), fields: ['access', 'requiresApproval', 'orgIds'] },
  ];

  const searchSuppliers = async (q: string) => {
    try {
      const page = await api.get('/sourcing/suppliers', { query: { q: q || undefined, limit: 20 } });
      setSuppliers((current) => {
        const chosen = new Set(form.getFieldValue('orgIds') ?? []);
        const keep = current.filter((s) => chosen.has(s.value));
        return [...keep, ...page.items.filter((i) => !chosen.has(i.id)).map((i) => ({ value: i.id, label: i.region ? `${i.name}（${i.region}）` : i.name }))];
      });
    } catch {
      // the picker just stays as it was
    }
  };

  const submit = async (publish: boolean) => {
    const values = form.getFieldsValue(true) as Values;
    const body: LotBody = {
      kind: values.kind,
      title: values.title,
      itemName: values.itemName,
      itemSpec: values.itemSpec || null,
      uom: values.uom,
      quantity: values.quantity,
      taxRate: values.taxRate,
      description: values.description || null,
      deliveryAddress: values.deliveryAddress || null,
      startPrice: values.startPrice,
      reservePrice: values.reservePrice || null,
      stepType: values.stepType,
      stepValue: values.stepValue,
      bidRule: values.bidRule,
      tiePolicy: values.tiePolicy,
      visibility: values.visibility,
      proxyAllowed: values.proxyAllowed,
      access: values.access,
      requiresApproval: values.access === 'public' && values.requiresApproval,
      depositAmount: values.depositAmount || '0',
      startsAt: values.window[0].toISOString(),
      endsAt: values.window[1].toISOString(),
      antiSniping: values.snipeOn
        ? { windowSeconds: values.snipeWindow, extensionSeconds: values.snipeExtension, maxExtensions: values.snipeMax, extendFrom: values.snipeFrom, triggerRank: values.triggerRank }
        : null,
    };
    setSaving(true);
    try {
      const lot = await api.post('/auctions/lots', { body, idempotencyKey: newKey() });
      if (values.access === 'invited' && values.orgIds?.length) await api.post('/auctions/lots/{lotId}/invitations', { params: { lotId: lot.id }, body: { orgIds: values.orgIds } });
      if (publish) await api.post('/auctions/lots/{lotId}/publish', { params: { lotId: lot.id } });
      void message.success(t(m.created));
      navigate(`/buyer/auctions/lots/${lot.id}`);
    } catch (error) {
      handleProblem(error, form, { rename: { '/antiSniping/windowSeconds': ['snipeWindow'], '/antiSniping/extensionSeconds': ['snipeExtension'], '/endsAt': ['window'], '/startsAt': ['window'] } });
      const pointer = (error as { errors?: Array<{ pointer: string }> }).errors?.[0]?.pointer ?? '';
      const at = steps.findIndex((s) => s.fields.some((f) => pointer.startsWith(`/${f}`)));
      if (at >= 0) setStep(at);
    } finally {
      setSaving(false);
    }
  };

  const next = async () => {
    try {
      await form.validateFields(steps[step]!.fields);
      setStep(step + 1);
    } catch {
      // the form shows what is missing
    }
  };

  const money = [{ required: true, message: t(common.fieldRequired) }, { pattern: MONEY, message: t(common.fieldFormat) }];
  const show = (i: number) => ({ display: step === i ? 'block' : 'none' });

  return (
    <div className="page">
      <PageHeader title={t(m.wizardTitle)} subtitle={t(m.wizardSubtitle)} />
      <Card>
        <Steps current={step} items={steps.map((s) => ({ title: s.title }))} style={{ marginBottom: 24 }} />
        <Form<Values>
          form={form}
          layout="vertical"
          preserve
          initialValues={{
            kind: 'reverse',
            uom: 'm',
            quantity: '1000',
            taxRate: '0.13',
            stepType: 'absolute',
            stepValue: '1.00',
            bidRule: 'beat_own',
            tiePolicy: 'rank_behind',
            visibility: 'rank',
            proxyAllowed: false,
            window: [dayjs().add(10, 'minute').startOf('minute'), dayjs().add(70, 'minute').startOf('minute')],
            snipeOn: true,
            snipeWindow: 300,
            snipeExtension: 180,
            snipeMax: 5,
            snipeFrom: 'close',
            triggerRank: 1,
            access: 'invited',
            requiresApproval: false,
            orgIds: [],
          }}
          data-testid="lot-wizard"
        >
          <div style={show(0)}>
            <Form.Item name="kind" label={t(m.kind)}>
              <Radio.Group
                optionType="button"
                options={(['reverse', 'forward'] as const).map((k) => ({ value: k, label: t(label('kind_', k)) }))}
                onChange={(e) => form.setFieldsValue({ bidRule: e.target.value === 'reverse' ? 'beat_own' : 'beat_best', visibility: e.target.value === 'reverse' ? 'rank' : 'best_price' })}
              />
            </Form.Item>
            <Form.Item name="title" label={t(m.title)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="itemName" label={t(m.itemName)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
                  <Input maxLength={300} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="itemSpec" label={t(common.optionalLabel, { label: t(m.itemSpec) })}>
                  <Input maxLength={1000} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item name="quantity" label={t(m.quantity)} rules={[{ required: true, message: t(common.fieldRequired) }, { pattern: /^\d{1,12}(\.\d{1,3})?$/, message: t(common.fieldFormat) }]}>
                  <Input maxLength={20} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="uom" label={t(m.uom)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
                  <Input maxLength={20} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="taxRate" label={t(m.taxRate)}>
                  <Select options={['0.13', '0.09', '0.06', '0.03', '0'].map((r) => ({ value: r, label: `${Number(r) * 100}%` }))} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="deliveryAddress" label={t(common.optionalLabel, { label: t(m.deliveryAddress) })}>
              <Input maxLength={300} />
            </Form.Item>
            <Form.Item name="description" label={t(common.optionalLabel, { label: t(m.description) })}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
          </div>

          <div style={show(1)}>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item name="startPrice" label={t(m.startPrice)} rules={money}>
                  <Input prefix="¥" maxLength={18} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="reservePrice" label={t(common.optionalLabel, { label: t(m.reservePrice) })} extra={t(kind === 'reverse' ? m.reserveHelpReverse : m.reserveHelpForward)} rules={[{ pattern: MONEY, message: t(common.fieldFormat) }]}>
                  <Input prefix="¥" maxLength={18} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="depositAmount" label={t(common.optionalLabel, { label: t(m.deposit) })} rules={[{ pattern: MONEY, message: t(common.fieldFormat) }]}>
                  <Input prefix="¥" maxLength={18} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item name="stepType" label={t(m.stepType)}>
                  <Radio.Group optionType="button" options={(['absolute', 'percent'] as const).map((s) => ({ value: s, label: t(label('stepType_', s)) }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="stepValue" label={t(m.stepValue)} rules={[{ required: true, message: t(common.fieldRequired) }, { pattern: /^\d{1,15}(\.\d{1,4})?$/, message: t(common.fieldFormat) }]}>
                  <Input addonAfter={stepType === 'percent' ? '%' : '¥'} maxLength={24} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="bidRule" label={t(m.bidRule)}>
                  <Select options={(['beat_own', 'beat_best'] as const).map((r) => ({ value: r, label: t(label('bidRule_', r)) }))} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item name="tiePolicy" label={t(m.tiePolicy)}>
                  <Select options={(['rank_behind', 'refuse'] as const).map((r) => ({ value: r, label: t(label('tiePolicy_', r)) }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="visibility" label={t(m.visibility)}>
                  <Select options={(['rank', 'best_price'] as const).map((r) => ({ value: r, label: t(label('visibility_', r)) }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="proxyAllowed" label=" " valuePropName="checked">
                  <Checkbox>{t(m.proxyAllowed)}</Checkbox>
                </Form.Item>
              </Col>
            </Row>
          </div>

          <div style={show(2)}>
            <Form.Item name="window" label={`${t(m.startsAt)} – ${t(m.endsAt)}`} rules={[{ required: true, message: t(common.fieldRequired) }]}>
              <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="snipeOn" valuePropName="checked">
              <Checkbox>{t(m.snipe)}</Checkbox>
            </Form.Item>
            {snipeOn ? (
              <>
                <Space wrap align="end">
                  <Form.Item name="snipeWindow" label={t(m.snipeWindow)}>
                    <InputNumber min={1} max={86400} />
                  </Form.Item>
                  <Form.Item name="snipeExtension" label={t(m.snipeExtension)}>
                    <InputNumber min={1} max={86400} />
                  </Form.Item>
                  <Form.Item name="snipeMax" label={t(m.snipeMax)}>
                    <InputNumber min={0} max={1000} />
                  </Form.Item>
                  <Form.Item name="snipeFrom" label={t(m.snipeFrom)}>
                    <Select style={{ width: 140 }} options={(['close', 'bid'] as const).map((f) => ({ value: f, label: t(label('snipeFrom_', f)) }))} />
                  </Form.Item>
                  <Form.Item name="triggerRank" label={t(m.triggerRank)}>
                    <InputNumber min={1} max={100} />
                  </Form.Item>
                </Space>
                <Typography.Paragraph type="secondary">{t(m.snipeHelp)}</Typography.Paragraph>
              </>
            ) : null}
          </div>

          <div style={show(3)}>
            <Form.Item name="access" label={t(m.access)}>
              <Radio.Group optionType="button" options={(['invited', 'public'] as const).map((a) => ({ value: a, label: t(label('access_', a)) }))} />
            </Form.Item>
            {access === 'public' ? (
              <Form.Item name="requiresApproval" valuePropName="checked">
                <Checkbox>{t(m.requiresApproval)}</Checkbox>
              </Form.Item>
            ) : (
              <Form.Item name="orgIds" label={t(m.invite)}>
                <Select
                  mode="multiple"
                  showSearch
                  filterOption={false}
                  placeholder={t(m.invitePlaceholder)}
                  onSearch={(q) => void searchSuppliers(q)}
                  onFocus={() => void searchSuppliers('')}
                  options={suppliers}
                  data-testid="invite-select"
                />
              </Form.Item>
            )}
          </div>
        </Form>
        <Space style={{ marginTop: 8 }}>
          {step > 0 ? <Button onClick={() => setStep(step - 1)}>{t(m.previous)}</Button> : null}
          {step < steps.length - 1 ? (
            <Button type="primary" onClick={() => void next()} data-testid="wizard-next">
              {t(m.next)}
            </Button>
          ) : (
            <>
              <Button loading={saving} onClick={() => void submit(false)}>
                {t(m.createDraft)}
              </Button>
              <Button type="primary" loading={saving} onClick={() => void submit(true)} data-testid="wizard-publish">
                {t(m.createAndPublish)}
              </Button>
            </>
          )}
        </Space>
      </Card>
    </div>
  );
}
