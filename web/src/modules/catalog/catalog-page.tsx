import { CloseOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Input, Segmented, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { formatCount, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { LoadError } from '../../shell/page.tsx';
import { useCategoryTree } from './api.ts';
import { CategoryTreePanel } from './category-tree-panel.tsx';
import { FacetsPanel } from './facets-panel.tsx';
import { label, m } from './messages.ts';
import { regionLabel } from './parts.tsx';
import { SearchResults } from './search-results.tsx';
import { readSearchState, SORTS, useCatalogSearch, writeSearchState, type SearchState, type SortKey } from './use-search.ts';
import './catalog.css';

/**
 * The buyer's catalog: browse the coding tree or search (Chinese, English, model codes), narrow
 * by facets with counts, sort, and page on with "load more". Everything lives in the URL.
 */
export default function CatalogPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readSearchState(params), [params]);
  const { tree, loading: treeLoading } = useCategoryTree();
  const search = useCatalogSearch(state);
  const [text, setText] = useState(state.q ?? '');
  useEffect(() => setText(state.q ?? ''), [state.q]);

  const update = (next: Partial<SearchState>) => setParams(writeSearchState({ ...state, ...next }, params));
  const result = search.result;
  const path = state.category ? tree.pathOf(state.category) : [];

  // Active filters as removable chips, named as the facets name them.
  const chips: Array<{ key: string; text: string; remove: Partial<SearchState> }> = [];
  if (state.supplier) {
    const s = result?.facets.suppliers.find((x) => x.value === state.supplier);
    chips.push({ key: 'supplier', text: `${t(m.facetSupplier)}: ${s?.label ?? state.supplier}`, remove: { supplier: undefined } });
  }
  for (const pair of state.attr) {
    const [key = '', value = ''] = pair.split(/:(.*)/s);
    const facet = result?.facets.attributes.find((a) => a.key === key);
    const valueLabel = facet?.values.find((v) => v.value === value)?.label ?? value;
    chips.push({ key: pair, text: `${facet?.name ?? key}: ${valueLabel}`, remove: { attr: state.attr.filter((a) => a !== pair) } });
  }
  if (state.priceMin || state.priceMax) {
    const range = `${state.priceMin ? formatMoney(state.priceMin, 'CNY', lang) : '0'} – ${state.priceMax ? formatMoney(state.priceMax, 'CNY', lang) : '∞'}`;
    chips.push({ key: 'price', text: `${t(m.facetPrice)}: ${range}`, remove: { priceMin: undefined, priceMax: undefined } });
  }
  if (state.inStock) chips.push({ key: 'stock', text: t(m.facetInStock), remove: { inStock: undefined } });
  if (state.region) chips.push({ key: 'region', text: `${t(m.facetRegion)}: ${regionLabel(state.region, lang)}`, remove: { region: undefined } });

  return (
    <div className="page catalog-page">
      <div className="catalog-search-bar">
        <Input.Search
          size="large"
          allowClear
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => update({ q: v.trim() || undefined, attr: [] })}
          placeholder={t(m.searchPlaceholder)}
          enterButton={
            <Button type="primary" icon={<SearchOutlined />} data-testid="catalog-search-submit">
              {t(m.searchButton)}
            </Button>
          }
          data-testid="catalog-search"
        />
      </div>
      <div className="catalog-body">
        <aside className="catalog-aside">
          <Card size="small" title={t(m.categories)} className="catalog-tree-card">
            <CategoryTreePanel tree={tree} loading={treeLoading} selected={state.category} onSelect={(code) => update({ category: code, attr: [] })} />
          </Card>
          <Card size="small" title={t(m.filters)} className="catalog-facets-card">
            <FacetsPanel facets={result?.facets} state={state} onChange={update} />
          </Card>
        </aside>
        <main className="catalog-main">
          <Card size="small">
            <Breadcrumb
              className="catalog-breadcrumb"
              items={[
                { title: <a onClick={() => update({ category: undefined, attr: [] })}>{t(m.allCategories)}</a> },
                ...path.map((n) => ({ title: n.code === state.category ? n.name : <a onClick={() => update({ category: n.code, attr: [] })}>{n.name}</a> })),
              ]}
            />
            <div className="catalog-toolbar">
              <Typography.Text strong data-testid="result-count">
                {result ? (state.q ? t(m.resultCountQuery, { q: state.q, n: formatCount(result.total, lang) }) : t(m.resultCount, { n: formatCount(result.total, lang) })) : '\u00a0'}
              </Typography.Text>
              <Segmented<SortKey>
                size="small"
                value={state.sort ?? 'relevance'}
                onChange={(v) => update({ sort: v })}
                options={SORTS.map((s) => ({ value: s, label: <span data-testid={`sort-${s}`}>{t(label('sort_', s))}</span> }))}
              />
            </div>
            {chips.length ? (
              <div className="filter-chips" data-testid="filter-chips">
                {chips.map((c) => (
                  <Tag key={c.key} closable closeIcon={<CloseOutlined />} onClose={(e) => (e.preventDefault(), update(c.remove))}>
                    {c.text}
                  </Tag>
                ))}
                <Button type="link" size="small" onClick={() => update({ supplier: undefined, attr: [], priceMin: undefined, priceMax: undefined, inStock: undefined, region: undefined })}>
                  {t(m.clearFilters)}
                </Button>
              </div>
            ) : null}
            {result?.matchMode === 'fuzzy' ? <Alert type="info" showIcon title={t(m.fuzzyHint)} className="fuzzy-hint" /> : null}
          </Card>
          {search.error && !search.items.length ? <LoadError error={search.error} onRetry={search.reload} /> : <SearchResults search={search} />}
        </main>
      </div>
    </div>
  );
}
