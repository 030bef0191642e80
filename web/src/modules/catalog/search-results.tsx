import { SwapOutlined } from '@ant-design/icons';
import { Button, Empty, Skeleton, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatCount } from '../../platform/format.ts';
import { useI18n, type Lang } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useTemplates, type AdHit, type Attribute, type SearchHit } from './api.ts';
import { formatQty } from './decimal.ts';
import { m } from './messages.ts';
import { AdTag, PriceBlock, ProductThumb, Rating, specDisplay, uomLabel } from './parts.tsx';
import type { CatalogSearch } from './use-search.ts';

/** The workspace the page is shown in (`buyer`, `supplier`, `operator`). */
export function useWorkspace(): string {
  const { pathname } = useLocation();
  return pathname.split('/')[1] || 'buyer';
}

/** `/buyer/catalog` (or the workspace the page is shown in). */
export function useCatalogBase(): string {
  return `/${useWorkspace()}/catalog`;
}

/** The spec chips of a hit, named and labelled by its category's template (enum labels, yes/no, units). */
function specChips(hit: SearchHit, templates: Map<string, Attribute[]>, lang: Lang): Array<{ key: string; text: string }> {
  const attrs = templates.get(hit.categoryCode);
  if (!attrs) return [];
  const out: Array<{ key: string; text: string }> = [];
  for (const a of attrs) {
    const raw = hit.attrs[a.key];
    if (raw === undefined) continue;
    const value = a.type === 'boolean' ? raw === 'true' : a.type === 'number' && raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
    out.push({ key: a.key, text: `${lang === 'en' ? a.nameEn : a.nameZh} ${specDisplay(a, value, lang)}` });
  }
  return out.slice(0, 5);
}

function HitRow({ hit, templates, ad, lang, base, onOpen }: { hit: SearchHit | AdHit; templates: Map<string, Attribute[]>; ad?: boolean; lang: Lang; base: string; onOpen?: () => void }) {
  const { t } = useI18n();
  const productHref = `${base}/products/${hit.productId}?sku=${hit.skuId}`;
  const price = hit.contractPrice ?? hit.listPrice;
  const priceIncl = hit.contractPriceInclTax ?? hit.listPriceInclTax;
  const open = (e: React.MouseEvent) => {
    if (!onOpen) return;
    e.preventDefault();
    onOpen();
  };
  return (
    <div className={`hit${ad ? ' hit-ad' : ''}`} data-testid={ad ? 'ad-hit' : 'search-hit'} data-sku={hit.skuCode}>
      <Link to={productHref} onClick={open}>
        <ProductThumb fileId={hit.imageFileId} size={84} alt={hit.title} />
      </Link>
      <div className="hit-main">
        <div className="hit-title">
          {ad ? <AdTag /> : null}
          <Link to={productHref} onClick={open} data-testid="hit-title">
            {hit.title}
          </Link>
        </div>
        <div className="hit-meta">
          {[hit.brand, hit.model].filter(Boolean).join(' · ')}
          <span className="mono hit-sku">{hit.skuCode}</span>
        </div>
        <div className="hit-specs">
          {specChips(hit, templates, lang).map((c) => (
            <Tag key={c.key} className="spec-chip">
              {c.text}
            </Tag>
          ))}
        </div>
        <div className="hit-foot">
          <Link to={`${base}/storefronts/${hit.supplierOrgId}`} className="hit-supplier">
            {hit.supplierName}
          </Link>
          <Rating value={hit.rating} />
          <span className={hit.inStock ? 'stock-ok' : 'stock-none'}>
            {hit.inStock ? t(m.stockQty, { qty: formatQty(hit.availableQty), uom: uomLabel(hit.uom, lang) }) : t(m.outOfStock)}
          </span>
          <span>{t(m.leadDays, { n: hit.leadTimeDays })}</span>
          {hit.salesCount ? <span>{t(m.sold, { n: formatCount(hit.salesCount, lang) })}</span> : null}
        </div>
      </div>
      <div className="hit-side">
        <PriceBlock unitPrice={price} unitPriceInclTax={priceIncl} taxRate={hit.taxRate} uom={hit.uom} source={hit.contractPrice ? 'contract' : undefined} listPrice={hit.contractPrice ? hit.listPrice : undefined} size="small" />
        {hit.standardItemId && (hit.offerCount ?? 0) > 1 ? (
          <Link to={`${base}/compare/${hit.standardItemId}`} data-testid="hit-compare">
            <Button size="small" icon={<SwapOutlined />}>
              {t(m.offersCompare, { n: hit.offerCount })}
            </Button>
          </Link>
        ) : null}
      </div>
    </div>
  );
}

/** Search hits with the labelled ads on top and "load more" under them. */
export function SearchResults({ search, empty, hideAds }: { search: CatalogSearch; empty?: ReactNode; hideAds?: boolean }) {
  const { t, lang } = useI18n();
  const base = useCatalogBase();
  const navigate = useNavigate();
  const { result, items } = search;
  const templates = useTemplates([...items, ...(result?.ads ?? [])].map((h) => h.categoryCode));
  if (search.loading && !result) return <Skeleton active paragraph={{ rows: 8 }} />;
  const ads = hideAds ? [] : (result?.ads ?? []);
  const openAd = (ad: AdHit) => {
    // The click is recorded before the product opens; a failed record must not block the buyer.
    void api
      .post('/catalog/ads/{placementId}/click', { params: { placementId: ad.placementId } })
      .catch(() => undefined)
      .finally(() => navigate(`${base}/products/${ad.productId}?sku=${ad.skuId}`));
  };
  return (
    <div className={search.loading ? 'results-loading' : undefined}>
      {ads.length ? (
        <div className="ads-block" data-testid="ads-block">
          {ads.map((ad) => (
            <HitRow key={ad.placementId} hit={ad} ad templates={templates} lang={lang} base={base} onOpen={() => openAd(ad)} />
          ))}
        </div>
      ) : null}
      {items.length ? (
        <div className="hits" data-testid="search-hits">
          {items.map((hit) => (
            <HitRow key={hit.skuId} hit={hit} templates={templates} lang={lang} base={base} />
          ))}
        </div>
      ) : (
        <Empty className="results-empty" description={empty ?? t(m.noResults)} />
      )}
      {items.length ? (
        <div className="load-more">
          {search.hasMore ? (
            <Button onClick={search.loadMore} loading={search.loadingMore} data-testid="load-more">
              {t(common.loadMore)}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t(common.shownCount, { n: items.length })}</Typography.Text>
          )}
        </div>
      ) : null}
    </div>
  );
}
