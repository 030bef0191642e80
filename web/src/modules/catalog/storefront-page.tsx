import { EnvironmentOutlined, ShopOutlined } from '@ant-design/icons';
import { Card, Col, Input, Row, Segmented, Space, Statistic, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatCount } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageLoading } from '../../shell/page.tsx';
import { label, m } from './messages.ts';
import { BadgeTag, Rating, regionLabel } from './parts.tsx';
import { SearchResults } from './search-results.tsx';
import { readSearchState, SORTS, useCatalogSearch, writeSearchState, type SortKey } from './use-search.ts';
import './catalog.css';

/** A supplier's storefront (店中店): profile, badges, main categories and its listed products. */
export default function StorefrontPage() {
  const { t, lang } = useI18n();
  const { supplierId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const data = useApiData((signal) => api.get('/catalog/storefronts/{supplierId}', { params: { supplierId }, signal }), [supplierId, lang]);
  const state = useMemo(() => ({ ...readSearchState(params), supplier: supplierId }), [params, supplierId]);
  const search = useCatalogSearch(state);
  const [text, setText] = useState(state.q ?? '');

  if (data.loading && !data.data) return <PageLoading />;
  if (!data.data) return <LoadError error={data.error} onRetry={data.reload} />;
  const front = data.data;
  const update = (next: Partial<typeof state>) => setParams(writeSearchState({ ...state, ...next, supplier: undefined }, params));

  return (
    <div className="page storefront-page">
      <Card className="storefront-hero">
        <div className="storefront-head">
          <div className="storefront-logo">
            <ShopOutlined />
          </div>
          <div className="storefront-name">
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="storefront-name">
              {front.profile.displayName}
            </Typography.Title>
            <Space wrap size={6} className="storefront-badges">
              {front.profile.badges.map((b) => (
                <BadgeTag key={b} badge={b} />
              ))}
              <Rating value={front.profile.rating} />
              <span className="cell-sub">
                <EnvironmentOutlined /> {regionLabel(front.supplier.region, lang)}
              </span>
            </Space>
          </div>
          <Space size={32} className="storefront-stats">
            <Statistic title={t(m.storefrontProducts)} value={formatCount(front.productCount, lang)} />
            <Statistic title={t(m.sku)} value={formatCount(front.skuCount, lang)} />
          </Space>
        </div>
        <Typography.Paragraph type={front.profile.intro ? undefined : 'secondary'} className="storefront-intro">
          {front.profile.intro ?? t(m.noIntro)}
        </Typography.Paragraph>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={6}>
          <Card size="small" title={t(m.mainCategories)}>
            <div className="facets">
              <button type="button" className={`facet-link${state.category ? '' : ' facet-link-active'}`} onClick={() => update({ category: undefined })}>
                <span>{t(m.allCategories)}</span>
                <span className="facet-count">{formatCount(front.productCount, lang)}</span>
              </button>
              {front.categories.map((c) => (
                <button type="button" key={c.code} className={`facet-link${state.category === c.code ? ' facet-link-active' : ''}`} onClick={() => update({ category: c.code })}>
                  <span>{c.name}</span>
                  <span className="facet-count">{formatCount(c.count, lang)}</span>
                </button>
              ))}
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={18}>
          <Card size="small">
            <div className="catalog-toolbar">
              <Input.Search allowClear value={text} onChange={(e) => setText(e.target.value)} onSearch={(v) => update({ q: v.trim() || undefined })} placeholder={t(m.searchStore)} style={{ maxWidth: 360 }} />
              <Segmented<SortKey> size="small" value={state.sort ?? 'relevance'} onChange={(v) => update({ sort: v })} options={SORTS.map((s) => ({ value: s, label: t(label('sort_', s)) }))} />
            </div>
          </Card>
          <SearchResults search={search} hideAds />
        </Col>
      </Row>
    </div>
  );
}
