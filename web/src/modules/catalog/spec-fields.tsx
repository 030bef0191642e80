import { Form, Input, InputNumber, Select, Tag, Tooltip } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useI18n, type Lang } from '../../platform/i18n.tsx';
import type { Attribute, SpecInput, SpecValue } from './api.ts';
import { m } from './messages.ts';

/**
 * Form inputs for a category's attribute template: number (with its unit), enumeration, text,
 * yes/no; required ones marked. Field names mirror the API body (`specs.<key>`), so a problem's
 * `/specs/<key>` or `/skus/0/specs/<key>` pointer lands on the right input.
 */
export function SpecFields({ attributes, name, inheritedNames, compact }: { attributes: Attribute[]; name: NamePath; inheritedNames?: Map<string, string>; compact?: boolean }) {
  const { t, lang } = useI18n();
  const base = Array.isArray(name) ? name : [name];
  return (
    <div className={compact ? 'spec-grid spec-grid-compact' : 'spec-grid'}>
      {attributes.map((a) => {
        const inherited = inheritedNames?.get(a.definedIn);
        return (
          <Form.Item
            key={a.key}
            name={[...base, a.key]}
            label={
              <span>
                {lang === 'en' ? a.nameEn : a.nameZh}
                {a.unit ? <span className="spec-unit"> ({a.unit})</span> : null}
                {inherited ? (
                  <Tooltip title={t(m.inheritedFrom, { name: inherited })}>
                    <Tag className="spec-inherited">{a.definedIn}</Tag>
                  </Tooltip>
                ) : null}
              </span>
            }
            rules={a.required ? [{ required: true, message: t(m.specRequired) }] : undefined}
            data-testid={`spec-${a.key}`}
          >
            <SpecInputControl attribute={a} lang={lang} />
          </Form.Item>
        );
      })}
    </div>
  );
}

function SpecInputControl({ attribute: a, lang, value, onChange, id }: { attribute: Attribute; lang: Lang; value?: SpecValue; onChange?: (v: SpecValue | undefined) => void; id?: string }) {
  const { t } = useI18n();
  switch (a.type) {
    case 'number':
      return <InputNumber id={id} value={typeof value === 'number' ? value : value === undefined || value === '' ? null : Number(value)} onChange={(v) => onChange?.(v ?? undefined)} suffix={a.unit ?? undefined} style={{ width: '100%' }} data-testid={`spec-input-${a.key}`} />;
    case 'enum':
      return (
        <Select
          id={id}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={value === undefined || value === '' ? undefined : String(value)}
          onChange={(v: string | undefined) => onChange?.(v)}
          options={(a.options ?? []).map((o) => ({ value: o.code, label: lang === 'en' ? o.en : o.zh }))}
          data-testid={`spec-input-${a.key}`}
        />
      );
    case 'boolean':
      return (
        <Select
          id={id}
          allowClear
          value={value === undefined ? undefined : value === true || value === 'true' ? 'true' : 'false'}
          onChange={(v: string | undefined) => onChange?.(v === undefined ? undefined : v === 'true')}
          options={[
            { value: 'true', label: t(m.yes) },
            { value: 'false', label: t(m.no) },
          ]}
          data-testid={`spec-input-${a.key}`}
        />
      );
    default:
      return <Input id={id} value={value === undefined ? undefined : String(value)} onChange={(e) => onChange?.(e.target.value)} maxLength={200} data-testid={`spec-input-${a.key}`} />;
  }
}

/** Form values → the API's specs: empty entries dropped, numbers sent with the template's unit. */
export function specsToApi(values: Record<string, SpecValue | null | undefined> | undefined, attributes: Attribute[]): Record<string, SpecInput> {
  const out: Record<string, SpecInput> = {};
  for (const [key, value] of Object.entries(values ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    const attr = attributes.find((a) => a.key === key);
    if (!attr) continue;
    out[key] = attr.type === 'number' && attr.unit && typeof value === 'number' ? { value, unit: attr.unit } : value;
  }
  return out;
}

/** Only the attributes of a template that belong to the product (not per SKU), and the SKU ones. */
export function splitTemplate(attributes: Attribute[]): { productAttrs: Attribute[]; skuAttrs: Attribute[] } {
  return { productAttrs: attributes.filter((a) => !a.variant), skuAttrs: attributes.filter((a) => a.variant) };
}
