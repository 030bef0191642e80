import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Space, Spin, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useCatalogProblemHandler as useProblemHandler } from './server-messages.ts';
import { PageHeader } from '../../shell/page.tsx';
import { newIdempotencyKey, useCategoryTree, type SpecValue } from './api.ts';
import { m } from './messages.ts';
import { basicsToApi, ProductBasicsFields, SkuFields, skuToApi, useTemplate, type ProductBasics } from './product-form.tsx';
import { useCatalogBase } from './search-results.tsx';
import { SpecFields, specsToApi, splitTemplate } from './spec-fields.tsx';
import './catalog.css';

interface SkuValues {
  skuCode: string;
  listPrice: string;
  moq?: string | null;
  increment?: string | null;
  availableQty?: string | null;
  leadTimeDays?: number | null;
  standardItemId?: string | null;
  tiers?: Array<{ minQty: string; unitPrice: string }>;
  specs?: Record<string, SpecValue | undefined>;
}
type Values = ProductBasics & { skus: SkuValues[] };

/**
 * A supplier creates a product: the category decides the specification inputs (its inherited
 * template), product-level ones here and per-SKU ones with each SKU; saved as a draft or sent
 * straight to the platform's listing review.
 */
export default function ProductNewPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const base = useCatalogBase();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const [form] = Form.useForm<Values>();
  const { tree } = useCategoryTree();
  const categoryCode = Form.useWatch('categoryCode', form);
  const template = useTemplate(categoryCode);
  const { productAttrs, skuAttrs } = splitTemplate(template.attributes);
  const [saving, setSaving] = useState<'draft' | 'submit' | null>(null);
  const idempotencyKey = useRef(newIdempotencyKey());

  const save = async (submit: boolean) => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(submit ? 'submit' : 'draft');
    try {
      const created = await api.post('/catalog/my/products', {
        body: {
          ...basicsToApi(values),
          specs: specsToApi(values.specs, productAttrs),
          skus: values.skus.map((s) => ({ skuCode: s.skuCode.trim(), specs: specsToApi(s.specs, skuAttrs), ...skuToApi(s) })),
          submit,
        },
        idempotencyKey: idempotencyKey.current,
      });
      void message.success(t(submit ? m.createdSubmitted : m.created));
      navigate(`${base}/products/${created.product.id}`);
    } catch (e) {
      idempotencyKey.current = newIdempotencyKey();
      handleProblem(e, form, { rename: { '/skus/skuCode': ['skus', 0, 'skuCode'] } });
    } finally {
      setSaving(null);
    }
  };

  return (
    <div className="page product-editor">
      <PageHeader back={<Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(`${base}/products`)} aria-label={t(common.back)} />} title={t(m.newProduct)} subtitle={t(m.myProductsSubtitle)} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ taxRate: '0.13', uom: 'piece', leadTimeDays: 7, deliveryRegions: ['全国'], skus: [{}] }}
        onValuesChange={(changed: Partial<Values>) => {
          // A new category has another template: drop the specs typed for the old one.
          if ('categoryCode' in changed) form.setFieldsValue({ specs: {}, skus: (form.getFieldValue('skus') as SkuValues[]).map((s) => ({ ...s, specs: {} })) });
        }}
      >
        <Card size="small" className="section-card" title={t(m.sectionBasics)}>
          <ProductBasicsFields tree={tree} />
        </Card>
        <Card size="small" className="section-card" title={t(m.sectionSpecs)} extra={<Typography.Text type="secondary">{t(m.sectionSpecsHint)}</Typography.Text>}>
          {!categoryCode ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(m.chooseCategoryFirst)} />
          ) : template.loading ? (
            <Spin />
          ) : productAttrs.length ? (
            <SpecFields attributes={productAttrs} name="specs" inheritedNames={template.inheritedNames} />
          ) : (
            <Typography.Text type="secondary">{t(m.noTemplate)}</Typography.Text>
          )}
        </Card>
        <Card size="small" className="section-card" title={t(m.sectionSkus)}>
          <Alert type="info" showIcon className="page-alert" title={t(m.commercialChangeHint)} />
          <Form.List name="skus">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Card
                    key={field.key}
                    size="small"
                    type="inner"
                    className="sku-card"
                    title={t(m.skuN, { n: index + 1 })}
                    extra={fields.length > 1 ? <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t(m.removeSku)} /> : null}
                    data-testid={`sku-card-${index}`}
                  >
                    <SkuFields
                      prefix={[field.name]}
                      categoryCode={categoryCode}
                      specsNode={skuAttrs.length ? <SpecFields attributes={skuAttrs} name={[field.name, 'specs']} inheritedNames={template.inheritedNames} compact /> : null}
                    />
                  </Card>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block data-testid="add-sku">
                  {t(m.addSku)}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
        <Space className="form-actions">
          <Button onClick={() => navigate(`${base}/products`)}>{t(common.cancel)}</Button>
          <Button onClick={() => void save(false)} loading={saving === 'draft'} disabled={saving === 'submit'} data-testid="product-save-draft">
            {t(m.saveDraft)}
          </Button>
          <Button type="primary" onClick={() => void save(true)} loading={saving === 'submit'} disabled={saving === 'draft'} data-testid="product-save-submit">
            {t(m.saveAndSubmit)}
          </Button>
        </Space>
      </Form>
    </div>
  );
}
