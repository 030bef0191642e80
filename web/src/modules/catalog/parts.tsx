import { FileImageOutlined, StarFilled } from '@ant-design/icons';
import { Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatMoney } from '../../platform/format.ts';
import { translate, useI18n, type Lang, type Msg } from '../../platform/i18n.tsx';
import { fileUrl } from './api.ts';
import { discountPercent, formatRate, inclTax } from './decimal.ts';
import { label, m, regionNames, uomNames } from './messages.ts';

/** Small shared pieces of the catalog pages: names of codes, tags, prices, images. */

export function uomLabel(code: string, lang: Lang): string {
  const msg = (uomNames as Record<string, Msg>)[code];
  return msg ? translate(lang, msg) : code;
}

/** A Chinese region name in the UI language (`江苏省南京市` → `Jiangsu` prefix match in English). */
export function regionLabel(region: string | null | undefined, lang: Lang): string {
  if (!region) return '—';
  const exact = (regionNames as Record<string, Msg>)[region];
  if (exact) return translate(lang, exact);
  if (lang === 'zh-CN') return region;
  const prefix = Object.keys(regionNames).find((k) => region.startsWith(k));
  return prefix ? `${translate(lang, (regionNames as Record<string, Msg>)[prefix]!)} (${region})` : region;
}

export const REGION_OPTIONS = Object.keys(regionNames);

const REVIEW_COLORS: Record<string, string> = { draft: 'default', pending_review: 'processing', approved: 'success', rejected: 'error' };
export function ReviewStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Tag color={REVIEW_COLORS[status] ?? 'default'} data-testid="review-status">
      {t(label('reviewStatus_', status))}
    </Tag>
  );
}

export function ShelfTag({ active }: { active: boolean }) {
  const { t } = useI18n();
  return <Tag color={active ? 'green' : 'default'}>{t(active ? m.onShelf : m.offShelf)}</Tag>;
}

const AGREEMENT_COLORS: Record<string, string> = { draft: 'gold', active: 'green', suspended: 'orange', terminated: 'default' };
export function AgreementStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Tag color={AGREEMENT_COLORS[status] ?? 'default'} data-testid="agreement-status">
      {t(label('agreementStatus_', status))}
    </Tag>
  );
}

const AD_COLORS: Record<string, string> = { active: 'green', paused: 'orange', ended: 'default' };
export function AdStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return <Tag color={AD_COLORS[status] ?? 'default'}>{t(label('adStatus_', status))}</Tag>;
}

/** The always-visible label of a paid placement (竞价排名 must never pass for a plain result). */
export function AdTag() {
  const { t } = useI18n();
  return (
    <Tag color="orange" className="ad-tag" data-testid="ad-label">
      {t(m.adLabel)}
    </Tag>
  );
}

const TIER_COLORS: Record<string, string> = { registered: 'default', admitted: 'blue', strategic: 'purple' };
export function TierTag({ tier }: { tier: string | null | undefined }) {
  const { t } = useI18n();
  if (!tier) return null;
  return (
    <Tag color={TIER_COLORS[tier] ?? 'default'} data-testid="supplier-tier">
      {t(label('tier_', tier))}
    </Tag>
  );
}

export function BadgeTag({ badge }: { badge: string }) {
  const { t } = useI18n();
  if (badge in TIER_COLORS) return <TierTag tier={badge} />;
  return <Tag color="gold">{t(label('badge_', badge))}</Tag>;
}

export function Rating({ value }: { value: string | null | undefined }) {
  const { t } = useI18n();
  if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip title={t(m.rating)}>
      <span className="rating">
        <StarFilled /> {Number.parseFloat(value).toFixed(1)}
      </span>
    </Tooltip>
  );
}

const SOURCE_COLORS: Record<string, string> = { contract: 'green', tier: 'blue', list: 'default' };
export function PriceSourceTag({ source, agreementCode }: { source: string; agreementCode?: string | null }) {
  const { t } = useI18n();
  const hint = (m as Record<string, Msg>)[`priceSourceHint_${source}`];
  return (
    <Tooltip title={hint ? t(hint, { code: agreementCode ?? '' }) : undefined}>
      <Tag color={SOURCE_COLORS[source] ?? 'default'} data-testid="price-source">
        {t(label('priceSource_', source))}
      </Tag>
    </Tooltip>
  );
}

/**
 * A unit price as buyers read it: the tax-exclusive amount large, the tax-inclusive amount and
 * the VAT rate under it, where it comes from, and the list price struck through when cheaper.
 */
export function PriceBlock({
  unitPrice,
  unitPriceInclTax,
  taxRate,
  uom,
  source,
  listPrice,
  size = 'default',
  testId,
}: {
  unitPrice: string;
  unitPriceInclTax?: string;
  taxRate: string;
  uom: string;
  source?: string;
  listPrice?: string;
  size?: 'default' | 'large' | 'small';
  testId?: string;
}) {
  const { t, lang } = useI18n();
  const incl = unitPriceInclTax ?? inclTax(unitPrice, taxRate);
  const saving = listPrice ? discountPercent(unitPrice, listPrice) : null;
  return (
    <div className={`price-block price-${size}`} data-testid={testId}>
      <div className="price-main">
        <span className="price-amount">{formatMoney(unitPrice, 'CNY', lang)}</span>
        <span className="price-unit">{t(m.perUnit, { uom: uomLabel(uom, lang) })}</span>
        <span className="price-note">{t(m.exclTax)}</span>
        {source ? <PriceSourceTag source={source} /> : null}
      </div>
      <div className="price-sub">
        {t(m.inclTax, { price: formatMoney(incl, 'CNY', lang) })} · {t(m.inclTaxRate, { rate: formatRate(taxRate) })}
        {saving && listPrice ? (
          <>
            {' · '}
            <span className="price-list">{formatMoney(listPrice, 'CNY', lang)}</span> <span className="price-saving">{t(m.saving, { pct: saving })}</span>
          </>
        ) : null}
      </div>
    </div>
  );
}

/** A product image from the catalog, or a neutral placeholder. */
export function ProductThumb({ fileId, size = 72, alt }: { fileId: string | null | undefined; size?: number; alt?: string }) {
  const { t } = useI18n();
  return (
    <div className="product-thumb" style={{ width: size, height: size }}>
      {fileId ? (
        <img src={fileUrl(fileId)} alt={alt ?? ''} loading="lazy" />
      ) : (
        <span className="product-thumb-empty" title={t(m.noImage)}>
          <FileImageOutlined />
        </span>
      )}
    </div>
  );
}

/** A label/value row used in the fact lists of product and offer cards. */
export function Fact({ name, children }: { name: ReactNode; children: ReactNode }) {
  return (
    <div className="fact">
      <span className="fact-name">{name}</span>
      <span className="fact-value">{children}</span>
    </div>
  );
}

/** A spec value typed by its attribute (enum label, yes/no, number with unit). */
export function specDisplay(
  attr: { type: string; unit: string | null; options?: Array<{ code: string; zh: string; en: string }> | null } | undefined,
  value: string | number | boolean,
  lang: Lang,
): string {
  if (!attr) return String(value);
  if (attr.type === 'enum') {
    const o = attr.options?.find((x) => x.code === value);
    return o ? (lang === 'en' ? o.en : o.zh) : String(value);
  }
  if (attr.type === 'boolean') return translate(lang, value === true || value === 'true' ? m.yes : m.no);
  if (attr.type === 'number') return `${value}${attr.unit ? ` ${attr.unit}` : ''}`;
  return String(value);
}
