import { Button, Checkbox, InputNumber, Radio, Space, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { formatCount } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import type { Facets } from './api.ts';
import { m } from './messages.ts';
import { regionLabel } from './parts.tsx';
import type { SearchState } from './use-search.ts';

const SHOWN = 8;

function Section({ title, children, testId }: { title: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div className="facet" data-testid={testId}>
      <div className="facet-title">{title}</div>
      {children}
    </div>
  );
}

function Count({ n }: { n: number }) {
  const { lang } = useI18n();
  return <span className="facet-count">{formatCount(n, lang)}</span>;
}

/** A list that shows its first entries and the rest on demand. */
function Collapsible<T>({ items, render }: { items: T[]; render: (item: T) => ReactNode }) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, SHOWN);
  return (
    <>
      {shown.map(render)}
      {items.length > SHOWN ? (
        <Button type="link" size="small" className="facet-more" onClick={() => setAll(!all)}>
          {all ? t(m.showLess) : t(m.showMore, { n: items.length - SHOWN })}
        </Button>
      ) : null}
    </>
  );
}

/**
 * The facets of a result with their counts: categories (narrowing), supplier and region (one
 * each, as the API takes), attribute values (several per attribute, OR-ed), price and stock.
 */
export function FacetsPanel({ facets, state, onChange }: { facets: Facets | undefined; state: SearchState; onChange: (next: Partial<SearchState>) => void }) {
  const { t, lang } = useI18n();
  const [min, setMin] = useState<string | null>(state.priceMin ?? null);
  const [max, setMax] = useState<string | null>(state.priceMax ?? null);
  useEffect(() => {
    setMin(state.priceMin ?? null);
    setMax(state.priceMax ?? null);
  }, [state.priceMin, state.priceMax]);
  if (!facets) return null;

  const toggleAttr = (key: string, value: string, checked: boolean) => {
    const pair = `${key}:${value}`;
    onChange({ attr: checked ? [...state.attr, pair] : state.attr.filter((a) => a !== pair) });
  };
  const priceKey = state.priceMin || state.priceMax ? `${state.priceMin ?? ''}-${state.priceMax ?? ''}` : undefined;

  return (
    <div className="facets" data-testid="facets">
      {facets.categories.length > 1 || (facets.categories.length === 1 && facets.categories[0]!.value !== state.category) ? (
        <Section title={t(m.facetCategory)} testId="facet-category">
          <Collapsible
            items={facets.categories}
            render={(c) => (
              <button key={c.value} type="button" className="facet-link" onClick={() => onChange({ category: c.value, attr: [] })} data-testid={`facet-category-${c.value}`}>
                <span>{c.label}</span>
                <Count n={c.count} />
              </button>
            )}
          />
        </Section>
      ) : null}

      <Section title={t(m.facetInStock)} testId="facet-in-stock">
        <Checkbox checked={Boolean(state.inStock)} onChange={(e) => onChange({ inStock: e.target.checked || undefined })}>
          <span className="facet-option">
            {t(m.inStock)} <Count n={facets.inStock} />
          </span>
        </Checkbox>
      </Section>

      {facets.suppliers.length ? (
        <Section title={t(m.facetSupplier)} testId="facet-supplier">
          <Collapsible
            items={facets.suppliers}
            render={(s) => (
              <div key={s.value} data-testid={`facet-supplier-${s.value}`}>
                <Checkbox checked={state.supplier === s.value} onChange={(e) => onChange({ supplier: e.target.checked ? s.value : undefined })}>
                  <span className="facet-option">
                    {s.label} <Count n={s.count} />
                  </span>
                </Checkbox>
              </div>
            )}
          />
        </Section>
      ) : null}

      {facets.attributes.map((a) => (
        <Section key={a.key} title={`${a.name}${a.unit ? ` (${a.unit})` : ''}`} testId={`facet-attr-${a.key}`}>
          <Collapsible
            items={a.values}
            render={(v) => (
              <div key={v.value} data-testid={`facet-attr-${a.key}-${v.value}`}>
                <Checkbox checked={state.attr.includes(`${a.key}:${v.value}`)} onChange={(e) => toggleAttr(a.key, v.value, e.target.checked)}>
                  <span className="facet-option">
                    {v.label} <Count n={v.count} />
                  </span>
                </Checkbox>
              </div>
            )}
          />
        </Section>
      ))}

      <Section title={t(m.facetPrice)} testId="facet-price">
        <Radio.Group value={priceKey} onChange={(e) => {
          const range = facets.priceRanges.find((r) => `${r.min ?? ''}-${r.max ?? ''}` === e.target.value);
          onChange({ priceMin: range?.min ?? undefined, priceMax: range?.max ?? undefined });
        }}>
          <Space orientation="vertical" size={2}>
            {facets.priceRanges.map((r) => (
              <Radio key={r.value} value={`${r.min ?? ''}-${r.max ?? ''}`} disabled={!r.count}>
                <span className="facet-option">
                  {lang === 'en' ? 'CNY ' : '¥'}{r.label} <Count n={r.count} />
                </span>
              </Radio>
            ))}
          </Space>
        </Radio.Group>
        <Space.Compact className="price-inputs">
          <InputNumber<string> stringMode min="0" placeholder={t(m.priceMin)} value={min} onChange={(v) => setMin(v)} controls={false} data-testid="price-min" />
          <InputNumber<string> stringMode min="0" placeholder={t(m.priceMax)} value={max} onChange={(v) => setMax(v)} controls={false} data-testid="price-max" />
          <Button onClick={() => onChange({ priceMin: min || undefined, priceMax: max || undefined })}>{t(m.apply)}</Button>
        </Space.Compact>
      </Section>

      {facets.regions.length ? (
        <Section title={t(m.facetRegion)} testId="facet-region">
          <Collapsible
            items={facets.regions}
            render={(r) => (
              <div key={r.value}>
                <Checkbox checked={state.region === r.value} onChange={(e) => onChange({ region: e.target.checked ? r.value : undefined })}>
                  <span className="facet-option">
                    {regionLabel(r.value, lang)} <Count n={r.count} />
                  </span>
                </Checkbox>
              </div>
            )}
          />
        </Section>
      ) : null}
      <Typography.Text type="secondary" className="facet-footnote">
        {t(m.facetFootnote)}
      </Typography.Text>
    </div>
  );
}
