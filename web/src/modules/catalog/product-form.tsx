import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { api } from '../../platform/api.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useApiData } from '../../platform/use-api.ts';
import type { CategoryTree, SpecValue } from './api.ts';
import { CategorySelect } from './category-tree-panel.tsx';
import { compareDecimal, isDecimal } from './decimal.ts';
import { m, uomNames } from './messages.ts';
import { REGION_OPTIONS, regionLabel, uomLabel } from './parts.tsx';

export const UOM_CODES = Object.keys(uomNames);
const TAX_RATES = ['0.13', '0.09', '0.06', '0.03', '0'];

/** The effective (inherited) template of a category, and the names of the categories it comes from. */
export function useTemplate(categoryCode: string | undefined) {
  const { lang } = useI18n();
  const data = useApiData(
    (signal) => (categoryCode ? api.get('/catalog/categories/{code}', { params: { code: categoryCode }, signal }) : Promise.resolve(undefined)),
    [categoryCode, lang],
  );
  const inheritedNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const c of data.data?.path ?? []) if (c.code !== categoryCode) names.set(c.code, c.name);
    return names;
  }, [data.data, categoryCode]);
  return { attributes: data.data?.attributes ?? [], category: data.data?.category, inheritedNames, loading: data.loading && Boolean(categoryCode) };
}

export interface ProductBasics {
  categoryCode: string;
  nameZh: string;
  nameEn?: string | null;
  brand?: string | null;
  model?: string | null;
  descriptionZh?: string | null;
  descriptionEn?: string | null;
  uom: string;
  packSize?: number | null;
  taxRate: string;
  leadTimeDays: number;
  warrantyMonths?: number | null;
  origin?: string | null;
  deliveryRegions?: string[];
  specs?: Record<string, SpecValue | undefined>;
}

/** Blank optional text → null, so clearing a field clears it on the server. */
export function basicsToApi(values: ProductBasics) {
  const text = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);
  return {
    categoryCode: values.categoryCode,
    nameZh: values.nameZh.trim(),
    nameEn: text(values.nameEn),
    brand: text(values.brand),
    model: text(values.model),
    descriptionZh: text(values.descriptionZh),
    descriptionEn: text(values.descriptionEn),
    uom: values.uom,
    packSize: values.packSize ?? null,
    taxRate: values.taxRate,
    leadTimeDays: values.leadTimeDays,
    warrantyMonths: values.warrantyMonths ?? null,
    origin: text(values.origin),
    deliveryRegions: values.deliveryRegions ?? [],
  };
}

/** The product's own fields (everything but specs and SKUs). */
export function ProductBasicsFields({ tree, onCategoryChange }: { tree: CategoryTree; onCategoryChange?: (code: string | undefined) => void }) {
  const { t, lang } = useI18n();
  const required = [{ required: true, message: t(common.fieldRequired) }];
  return (
    <>
      <Form.Item name="categoryCode" label={t(m.category)} rules={required} data-testid="product-category">
        <CategorySelect tree={tree} placeholder={t(m.categoryPlaceholder)} onChange={onCategoryChange} allowClear={false} testId="product-category-select" />
      </Form.Item>
      <div className="form-grid">
        <Form.Item name="nameZh" label={t(m.nameZh)} rules={[...required, { whitespace: true, message: t(common.fieldRequired) }, { max: 200 }]}>
          <Input data-testid="product-name-zh" maxLength={200} />
        </Form.Item>
        <Form.Item name="nameEn" label={t(m.nameEn)} rules={[{ max: 200 }]}>
          <Input data-testid="product-name-en" maxLength={200} />
        </Form.Item>
        <Form.Item name="brand" label={t(m.brand)} rules={[{ max: 100 }]}>
          <Input data-testid="product-brand" maxLength={100} />
        </Form.Item>
        <Form.Item name="model" label={t(m.model)} rules={[{ max: 100 }]}>
          <Input data-testid="product-model" maxLength={100} />
        </Form.Item>
        <Form.Item name="uom" label={t(m.uom)} rules={required}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={UOM_CODES.map((u) => ({ value: u, label: `${uomLabel(u, lang)} (${u})` }))} data-testid="product-uom" />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.uom !== b.uom}>
          {({ getFieldValue }) =>
            getFieldValue('uom') === 'box' ? (
              <Form.Item name="packSize" label={t(m.packSize)} rules={required}>
                <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            ) : null
          }
        </Form.Item>
        <Form.Item name="taxRate" label={t(m.taxRate)} rules={required}>
          <Select options={TAX_RATES.map((r) => ({ value: r, label: `${Number(r) * 100}%` }))} />
        </Form.Item>
        <Form.Item name="leadTimeDays" label={t(m.leadTimeDays)} rules={required}>
          <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} data-testid="product-lead-time" />
        </Form.Item>
        <Form.Item name="warrantyMonths" label={t(m.warrantyMonthsField)}>
          <InputNumber min={0} max={600} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="origin" label={t(m.origin)} rules={[{ max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
      </div>
      <Form.Item name="deliveryRegions" label={t(m.deliveryRegions)}>
        <Select mode="tags" placeholder={t(m.deliveryRegionsPlaceholder)} options={REGION_OPTIONS.map((r) => ({ value: r, label: regionLabel(r, lang) }))} tokenSeparators={[',', '，', ';', '；']} />
      </Form.Item>
      <div className="form-grid form-grid-2">
        <Form.Item name="descriptionZh" label={t(m.descriptionZh)} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <Form.Item name="descriptionEn" label={t(m.descriptionEn)} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
      </div>
    </>
  );
}

/** Volume breaks: from quantity → unit price, ascending; checked before the server sees them. */
export function TierFields({ name }: { name: Array<string | number> }) {
  const { t } = useI18n();
  return (
    <Form.List
      name={name}
      rules={[
        {
          validator: async (_, tiers: Array<{ minQty?: string }> | undefined) => {
            const qs = (tiers ?? []).map((x) => x?.minQty).filter((q): q is string => isDecimal(q));
            for (let i = 1; i < qs.length; i++) if (compareDecimal(qs[i]!, qs[i - 1]!) <= 0) throw new Error(t(m.tiersAscending));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <div className="tiers">
          {fields.map((f) => (
            <div key={f.key} className="tier-row">
              <Form.Item name={[f.name, 'minQty']} rules={[{ required: true, message: t(common.fieldRequired) }]} className="tier-field">
                <InputNumber<string> stringMode min="0" placeholder={t(m.tierMinQty)} prefix="≥" style={{ width: 150 }} />
              </Form.Item>
              <Form.Item name={[f.name, 'unitPrice']} rules={[{ required: true, message: t(common.fieldRequired) }]} className="tier-field">
                <InputNumber<string> stringMode min="0.0001" placeholder={t(m.tierPrice)} prefix="¥" style={{ width: 170 }} />
              </Form.Item>
              <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t(m.removeTier)} />
            </div>
          ))}
          <Form.ErrorList errors={errors} />
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid={`add-tier-${name.join('-')}`}>
            {t(m.addTier)}
          </Button>
          <Typography.Text type="secondary" className="field-hint">
            {t(m.tiersHint)}
          </Typography.Text>
        </div>
      )}
    </Form.List>
  );
}

/** Standard items a SKU may be linked to: those coded under the product's category. */
export function StandardItemSelect({ categoryCode, value, onChange, id }: { categoryCode: string | undefined; value?: string | null; onChange?: (v: string | null) => void; id?: string }) {
  const { t, lang } = useI18n();
  const data = useApiData(
    (signal) => (categoryCode ? api.get('/catalog/standard-items', { query: { category: categoryCode.slice(0, 4), limit: 100 }, signal }).then((r) => r.items) : Promise.resolve([])),
    [categoryCode, lang],
  );
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t(m.standardItemPlaceholder)}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      loading={data.loading}
      data-testid="sku-standard-item"
      options={(data.data ?? []).filter((i) => i.status === 'active' && (i.categoryCode.startsWith(categoryCode ?? '') || (categoryCode ?? '').startsWith(i.categoryCode))).map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))}
    />
  );
}

/** One SKU's fields (create page, add-SKU drawer, edit drawer): code, variant specs, prices, stock. */
export function SkuFields({ prefix, categoryCode, withCode = true, specsNode }: {
  prefix: Array<string | number>;
  categoryCode: string | undefined;
  withCode?: boolean;
  /** The SKU's variant specifications (rendered between the trade fields and the tiers). */
  specsNode?: ReactNode;
}) {
  const { t } = useI18n();
  const required = [{ required: true, message: t(common.fieldRequired) }];
  const p = (k: string) => [...prefix, k];
  return (
    <>
      <div className="form-grid">
        {withCode ? (
          <Form.Item name={p('skuCode')} label={t(m.skuCode)} rules={[...required, { max: 64 }]}>
            <Input maxLength={64} data-testid="sku-code" />
          </Form.Item>
        ) : null}
        <Form.Item name={p('listPrice')} label={t(m.listPriceExcl)} rules={required}>
          <InputNumber<string> stringMode min="0.0001" prefix="¥" style={{ width: '100%' }} data-testid="sku-list-price" />
        </Form.Item>
        <Form.Item name={p('moq')} label={t(m.moq)}>
          <InputNumber<string> stringMode min="0.001" style={{ width: '100%' }} placeholder="1" data-testid="sku-moq" />
        </Form.Item>
        <Form.Item name={p('increment')} label={t(m.increment)}>
          <InputNumber<string> stringMode min="0.001" style={{ width: '100%' }} placeholder="1" data-testid="sku-increment" />
        </Form.Item>
        <Form.Item name={p('availableQty')} label={t(m.availableQty)}>
          <InputNumber<string> stringMode min="0" style={{ width: '100%' }} placeholder="0" data-testid="sku-stock" />
        </Form.Item>
        <Form.Item name={p('leadTimeDays')} label={t(m.leadTimeOverride)}>
          <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name={p('standardItemId')} label={t(m.standardItem)}>
          <StandardItemSelect categoryCode={categoryCode} />
        </Form.Item>
      </div>
      {specsNode}
      <Form.Item label={t(m.tiers)}>
        <TierFields name={p('tiers')} />
      </Form.Item>
    </>
  );
}

/** The SKU part of a form value → the API's SKU body. */
export function skuToApi(values: {
  skuCode?: string;
  listPrice: string;
  moq?: string | null;
  increment?: string | null;
  availableQty?: string | null;
  leadTimeDays?: number | null;
  standardItemId?: string | null;
  tiers?: Array<{ minQty: string; unitPrice: string }>;
}) {
  return {
    listPrice: values.listPrice,
    moq: values.moq || undefined,
    increment: values.increment || undefined,
    availableQty: values.availableQty || undefined,
    leadTimeDays: values.leadTimeDays ?? null,
    standardItemId: values.standardItemId ?? null,
    tiers: (values.tiers ?? []).filter((x) => x && x.minQty && x.unitPrice).map((x) => ({ minQty: x.minQty, unitPrice: x.unitPrice })),
  };
}
