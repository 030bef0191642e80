import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import type { Offer } from './api.ts';
import { compareDecimal, formatQty, isDecimal } from './decimal.ts';
import { m } from './messages.ts';
import { PriceSourceTag, Rating, TierTag, uomLabel } from './parts.tsx';
import { useCatalogBase } from './search-results.tsx';
import './catalog.css';

/**
 * Same-item price comparison (同款比价): every visible offer on one standard item, each priced for
 * the buyer's organisation (contract > volume > list) at the chosen quantity.
 */
export default function ComparePage() {
  const { t, lang } = useI18n();
  const { itemId = '' } = useParams();
  const navigate = useNavigate();
  const base = useCatalogBase();
  const [quantity, setQuantity] = useState<string | null>(null);
  const [applied, setApplied] = useState<string | undefined>();
  const data = useApiData(
    (signal) => api.get('/catalog/standard-items/{itemId}/offers', { params: { itemId }, query: { quantity: applied }, signal }),
    [itemId, applied, lang],
  );
  if (data.loading && !data.data) return <PageLoading />;
  if (!data.data) return <LoadError error={data.error} onRetry={data.reload} />;
  const { item, specs, offers } = data.data;
  const uom = uomLabel(item.uom, lang);
  // Marked only when one offer alone is the cheapest (or the fastest): a tie is no distinction.
  const cheapest = offers.filter((o) => offers.every((x) => x === o || compareDecimal(o.price.unitPrice, x.price.unitPrice) < 0))[0] ?? null;
  const fastest = offers.filter((o) => offers.every((x) => x === o || o.leadTimeDays < x.leadTimeDays))[0] ?? null;

  return (
    <div className="page compare-page">
      <PageHeader
        back={<Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t(m.backLabel)} />}
        title={t(m.compareTitle)}
        subtitle={t(m.compareSubtitle)}
      />
      <Card size="small" className="compare-item">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          title={
            <Space>
              <span data-testid="compare-item-name">{item.name}</span>
              <Tag className="mono">{item.code}</Tag>
            </Space>
          }
          items={[
            { key: 'uom', label: t(m.uom), children: uom },
            ...specs.map((s) => ({ key: s.key, label: s.name, children: s.display })),
            { key: 'count', label: t(m.offers), children: t(m.offerCount, { n: offers.length }) },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t(m.offers)}
        extra={
          <Space wrap>
            <Typography.Text type="secondary">{t(m.compareQuantity)}</Typography.Text>
            <Space.Compact>
              <InputNumber<string> stringMode min="0" value={quantity} onChange={setQuantity} placeholder="—" style={{ width: 130 }} data-testid="compare-quantity" />
              <Button disabled>{uom}</Button>
              <Button type="primary" onClick={() => setApplied(quantity && isDecimal(quantity) ? quantity : undefined)}>
                {t(m.apply)}
              </Button>
            </Space.Compact>
          </Space>
        }
      >
        {offers.length ? (
          <Table<Offer>
            size="middle"
            rowKey="skuId"
            pagination={false}
            dataSource={offers}
            data-testid="offers-table"
            scroll={{ x: 1150 }}
            columns={[
              {
                title: t(m.supplier),
                key: 'supplier',
                width: 190,
                render: (_, o) => (
                  <div data-testid="offer-row">
                    <Link to={`${base}/storefronts/${o.supplierOrgId}`}>{o.supplierName}</Link>
                    <div className="offer-badges">
                      <TierTag tier={o.supplierTier} />
                      <Rating value={o.rating} />
                    </div>
                  </div>
                ),
              },
              {
                title: t(m.product),
                key: 'product',
                render: (_, o) => (
                  <div>
                    <Link to={`${base}/products/${o.productId}?sku=${o.skuId}`}>{o.title}</Link>
                    <div className="cell-sub mono">{o.skuCode}</div>
                  </div>
                ),
              },
              {
                title: t(m.unitPriceExcl),
                key: 'price',
                align: 'right',
                sorter: (a, b) => compareDecimal(a.price.unitPrice, b.price.unitPrice),
                defaultSortOrder: 'ascend',
                render: (_, o) => (
                  <div className="offer-price">
                    <strong data-testid="offer-price">{formatMoney(o.price.unitPrice, 'CNY', lang)}</strong>
                    <div>
                      <PriceSourceTag source={o.price.source} />
                      {o === cheapest && offers.length > 1 ? <Tag color="red">{t(m.cheapest)}</Tag> : null}
                    </div>
                  </div>
                ),
              },
              { title: t(m.unitPriceIncl), key: 'incl', align: 'right', render: (_, o) => formatMoney(o.price.unitPriceInclTax, 'CNY', lang) },
              {
                title: applied ? t(m.totalAtQty, { qty: formatQty(applied), uom }) : t(m.totalAtMoq),
                key: 'total',
                align: 'right',
                render: (_, o) => (
                  <div>
                    {formatMoney(o.price.lineTotalInclTax, 'CNY', lang)}
                    <div className="cell-sub">
                      {formatQty(o.price.quantity)} {uom}
                    </div>
                  </div>
                ),
              },
              { title: t(m.moqIncrement), key: 'moq', align: 'right', width: 110, render: (_, o) => `${formatQty(o.moq)} / ${formatQty(o.increment)}` },
              {
                title: t(m.stock),
                key: 'stock',
                align: 'right',
                width: 100,
                sorter: (a, b) => compareDecimal(a.availableQty, b.availableQty),
                render: (_, o) => <span className={o.inStock ? 'stock-ok' : 'stock-none'}>{o.inStock ? formatQty(o.availableQty) : t(m.outOfStock)}</span>,
              },
              {
                title: t(m.leadTime),
                key: 'lead',
                align: 'right',
                width: 110,
                sorter: (a, b) => a.leadTimeDays - b.leadTimeDays,
                render: (_, o) => (
                  <span>
                    {t(m.leadDaysShort, { n: o.leadTimeDays })}
                    {o === fastest && offers.length > 1 ? <Tag color="blue" className="tag-after">{t(m.fastest)}</Tag> : null}
                  </span>
                ),
              },
              {
                title: t(m.rating),
                key: 'rating',
                align: 'right',
                width: 80,
                sorter: (a, b) => Number.parseFloat(a.rating ?? '0') - Number.parseFloat(b.rating ?? '0'),
                render: (_, o) => <Rating value={o.rating} />,
              },
            ]}
          />
        ) : (
          <Empty description={t(m.noOffers)} />
        )}
        <Typography.Text type="secondary" className="table-footnote">
          {t(m.compareQuantityHint)}
        </Typography.Text>
      </Card>
    </div>
  );
}
