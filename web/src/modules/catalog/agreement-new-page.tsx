import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useMe } from '../../platform/session.tsx';
import { PageHeader } from '../../shell/page.tsx';
import { newIdempotencyKey } from './api.ts';
import { m } from './messages.ts';
import { regionLabel, uomLabel } from './parts.tsx';
import { useCatalogBase } from './search-results.tsx';
import './catalog.css';

interface Option {
  value: string;
  label: string;
  hint?: string;
}

/** A Select that asks the server as the user types (debounced), keeping the chosen option's label. */
function RemoteSelect({ value, onChange, fetchOptions, placeholder, testId, minChars = 1 }: {
  value?: string;
  onChange?: (value: string | undefined, option?: Option) => void;
  fetchOptions: (text: string) => Promise<Option[]>;
  placeholder: string;
  testId?: string;
  minChars?: number;
}) {
  const [options, setOptions] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const seq = useRef(0);
  const search = (text: string) => {
    clearTimeout(timer.current);
    if (text.trim().length < minChars) return;
    timer.current = setTimeout(() => {
      const mine = ++seq.current;
      setLoading(true);
      fetchOptions(text.trim())
        .then((found) => {
          if (mine !== seq.current) return;
          // keep the selected option so its label stays visible
          setOptions((current) => [...current.filter((o) => o.value === value), ...found.filter((f) => f.value !== value)]);
        })
        .catch(() => undefined)
        .finally(() => mine === seq.current && setLoading(false));
    }, 300);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: search }}
      value={value}
      placeholder={placeholder}
      notFoundContent={loading ? <Spin size="small" /> : null}
      onChange={(v: string | undefined, option) => onChange?.(v, option as Option | undefined)}
      options={options.map((o) => ({ ...o, label: o.label, title: o.hint }))}
      optionRender={(o) => (
        <div>
          <div>{o.data.label}</div>
          {o.data.hint ? <div className="cell-sub">{o.data.hint}</div> : null}
        </div>
      )}
      allowClear
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}

interface FormValues {
  buyerOrgId: string;
  title: string;
  validity: [Dayjs, Dayjs];
  note?: string;
  items: Array<{ skuId: string; unitPrice: string; quantityCap?: string | null }>;
}

/** The supplier drafts a framework agreement for one buyer: items, contract prices, caps, validity. */
export default function AgreementNewPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const base = useCatalogBase();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [listPrices, setListPrices] = useState<Record<string, string>>({});
  const idempotencyKey = useRef(newIdempotencyKey());

  const findBuyers = async (q: string): Promise<Option[]> => {
    const r = await api.get('/catalog/agreement-buyers', { query: { q } });
    return r.items.map((o) => ({ value: o.id, label: lang === 'en' && o.nameEn ? o.nameEn : o.name, hint: regionLabel(o.region, lang) }));
  };
  const findSkus = async (q: string): Promise<Option[]> => {
    const r = await api.get('/catalog/search', { query: { q, supplier: me.organization.id, limit: 20 } });
    const prices: Record<string, string> = {};
    const options = r.items.map((h) => {
      prices[h.skuId] = h.listPrice;
      return { value: h.skuId, label: `${h.skuCode} · ${h.title}`, hint: `${t(m.listPriceIs, { price: formatMoney(h.listPrice, 'CNY', lang) })}/${uomLabel(h.uom, lang)}` };
    });
    setListPrices((current) => ({ ...current, ...prices }));
    return options;
  };

  const submit = async (values: FormValues) => {
    setSaving(true);
    try {
      const created = await api.post('/catalog/agreements', {
        body: {
          buyerOrgId: values.buyerOrgId,
          title: values.title.trim(),
          validFrom: values.validity[0].startOf('day').toISOString(),
          validTo: values.validity[1].endOf('day').toISOString(),
          note: values.note?.trim() || null,
          items: values.items.map((i) => ({ skuId: i.skuId, unitPrice: i.unitPrice, quantityCap: i.quantityCap || null })),
        },
        idempotencyKey: idempotencyKey.current,
      });
      void message.success(t(m.agreementCreated));
      navigate(`${base}/agreements/${created.id}`);
    } catch (e) {
      idempotencyKey.current = newIdempotencyKey();
      handleProblem(e, form, { rename: { '/validTo': ['validity'], '/validFrom': ['validity'] } });
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="page">
      <PageHeader back={<Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(`${base}/agreements`)} aria-label={t(common.back)} />} title={t(m.newAgreement)} subtitle={t(m.agreementsSubtitleSupplier)} />
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ validity: [dayjs(), dayjs().add(1, 'year')], items: [{}] }}
        requiredMark
      >
        <Card size="small" className="section-card" title={t(m.sectionBasics)}>
          <div className="form-grid">
            <Form.Item name="buyerOrgId" label={t(m.buyer)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
              <RemoteSelect fetchOptions={findBuyers} placeholder={t(m.chooseBuyer)} minChars={2} testId="agreement-buyer" />
            </Form.Item>
            <Form.Item name="title" label={t(m.agreementTitle)} rules={[{ required: true, whitespace: true, message: t(common.fieldRequired) }, { max: 200 }]}>
              <Input data-testid="agreement-title" />
            </Form.Item>
            <Form.Item name="validity" label={t(m.validFromTo)} rules={[{ required: true, message: t(common.fieldRequired) }]}>
              <DatePicker.RangePicker style={{ width: '100%' }} />
            </Form.Item>
          </div>
          <Form.Item name="note" label={t(m.note)} rules={[{ max: 1000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Card>
        <Card size="small" className="section-card" title={t(m.agreementItems)}>
          <Form.List name="items" rules={[{ validator: async (_, items: unknown[]) => { if (!items?.length) throw new Error(t(m.atLeastOneItem)); } }]}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field, index) => (
                  <div key={field.key} className="agreement-item-row" data-testid={`agreement-item-${index}`}>
                    <Form.Item name={[field.name, 'skuId']} label={index === 0 ? t(m.sku) : undefined} rules={[{ required: true, message: t(common.fieldRequired) }]} className="grow">
                      <RemoteSelect fetchOptions={findSkus} placeholder={t(m.chooseSku)} testId={`agreement-sku-${index}`} />
                    </Form.Item>
                    <Form.Item shouldUpdate noStyle>
                      {() => {
                        const skuId = form.getFieldValue(['items', field.name, 'skuId']) as string | undefined;
                        const list = skuId ? listPrices[skuId] : undefined;
                        return (
                          <Form.Item name={[field.name, 'unitPrice']} label={index === 0 ? t(m.contractUnitPrice) : undefined} rules={[{ required: true, message: t(common.fieldRequired) }]} extra={list ? t(m.listPriceIs, { price: formatMoney(list, 'CNY', lang) }) : undefined}>
                            <InputNumber<string> stringMode min="0.01" precision={2} style={{ width: 170 }} prefix="¥" data-testid={`agreement-price-${index}`} />
                          </Form.Item>
                        );
                      }}
                    </Form.Item>
                    <Form.Item name={[field.name, 'quantityCap']} label={index === 0 ? t(m.quantityCap) : undefined}>
                      <InputNumber<string> stringMode min="0" style={{ width: 150 }} placeholder={t(m.noCap)} />
                    </Form.Item>
                    <Form.Item label={index === 0 ? ' ' : undefined}>
                      <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={fields.length === 1} aria-label={t(m.removeSku)} />
                    </Form.Item>
                  </div>
                ))}
                <Form.ErrorList errors={errors} />
                <Button icon={<PlusOutlined />} onClick={() => add({})} type="dashed">
                  {t(m.addItem)}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
        <Space className="form-actions">
          <Button onClick={() => navigate(`${base}/agreements`)}>{t(common.cancel)}</Button>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="agreement-submit">
            {t(m.newAgreement)}
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" className="table-footnote">
          {t(m.awaitingBuyer)}
        </Typography.Paragraph>
      </Form>
    </div>
  );
}
