import { DownloadOutlined, FilePdfOutlined, ShopOutlined, ShoppingCartOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Col, Empty, InputNumber, Radio, Row, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, buildUrl } from '../../platform/api.ts';
import { formatBytes, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useProblemHandler } from '../../platform/problems.ts';
import { useSession } from '../../platform/session.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageLoading } from '../../shell/page.tsx';
import { fileUrl, newIdempotencyKey, productName, type PublicProduct, type PublicSku, type SkuPrice } from './api.ts';
import { compareDecimal, formatQty, formatRate, inclTax, isDecimal, subDecimal, trimDecimal } from './decimal.ts';
import { label, m } from './messages.ts';
import { Fact, PriceBlock, ProductThumb, Rating, regionLabel, TierTag, uomLabel } from './parts.tsx';
import { useCatalogBase } from './search-results.tsx';
import './catalog.css';

const CART_PERMISSION = 'orders.orders.create';

function isOrderable(quantity: string, moq: string, increment: string): boolean {
  if (!isDecimal(quantity) || compareDecimal(quantity, moq) < 0) return false;
  // (q − moq) must be a whole number of increments: scale both to integers and take the remainder.
  const diff = subDecimal(quantity, moq);
  const scale = Math.max((diff.split('.')[1] ?? '').length, (increment.split('.')[1] ?? '').length);
  const toInt = (v: string) => BigInt(v.replace('.', '').replace(/^(-?)0+(?=\d)/, '$1') || '0') * 10n ** BigInt(scale - (v.split('.')[1] ?? '').length);
  const inc = toInt(increment);
  return inc === 0n ? true : toInt(diff) % inc === 0n;
}

function variantLabel(sku: PublicSku): string {
  const specs = sku.specLines.map((s) => s.display).join(' · ');
  return specs || sku.skuCode;
}

/** The price box of one SKU: the buyer's price at the chosen quantity, its source, VAT and total. */
function BuyBox({ product, sku }: { product: PublicProduct; sku: PublicSku }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const uom = uomLabel(product.product.uom, lang);
  const moq = trimDecimal(sku.moq);
  const increment = trimDecimal(sku.increment);
  const [quantity, setQuantity] = useState<string>(moq);
  const [price, setPrice] = useState<SkuPrice | PublicSku['price']>(sku.price);
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    setQuantity(moq);
    setPrice(sku.price);
  }, [sku.id, moq, sku.price]);
  useEffect(() => {
    if (!isDecimal(quantity) || quantity === trimDecimal(sku.price.quantity)) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .get('/catalog/skus/{skuId}/price', { params: { skuId: sku.id }, query: { quantity }, signal: controller.signal })
        .then(setPrice)
        .catch(() => undefined);
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [quantity, sku.id, sku.price.quantity]);
  const orderable = isOrderable(quantity, sku.moq, sku.increment);
  const canBuy = can(CART_PERMISSION);
  const inStock = compareDecimal(sku.availableQty, '0') > 0;

  const addToCart = async () => {
    setAdding(true);
    try {
      await api.post('/orders/cart/items', { body: { skuId: sku.id, quantity }, idempotencyKey: newIdempotencyKey() });
      void message.success(t(m.addedToCart, { qty: formatQty(quantity), uom }));
    } catch (e) {
      handleProblem(e);
    } finally {
      setAdding(false);
    }
  };

  return (
    <div className="buy-box" data-testid="buy-box">
      <div className="buy-box-label">{t(m.yourPrice)}</div>
      <PriceBlock unitPrice={price.unitPrice} unitPriceInclTax={price.unitPriceInclTax} taxRate={price.taxRate} uom={product.product.uom} source={price.source} listPrice={price.listPrice} size="large" testId="buyer-price" />
      {sku.tiers.length ? (
        <div className="buy-box-tiers" data-testid="buy-box-tiers">
          <span className="buy-box-field">{t(m.tierInline)}</span>
          {sku.tiers.map((x) => (
            <Tag key={x.minQty} className="tier-chip">
              {t(m.tierFrom, { qty: formatQty(x.minQty), uom })} {formatMoney(x.unitPrice, 'CNY', lang)}
            </Tag>
          ))}
        </div>
      ) : null}
      <div className="buy-box-row">
        <span className="buy-box-field">{t(m.quantity)}</span>
        <Space.Compact>
          <InputNumber<string>
            stringMode
            min={moq}
            step={increment}
            value={quantity}
            onChange={(v) => setQuantity(v ?? '')}
            status={orderable ? undefined : 'error'}
            data-testid="quantity"
            style={{ width: 160 }}
          />
          <Button disabled>{uom}</Button>
        </Space.Compact>
        <Typography.Text type={orderable ? 'secondary' : 'danger'} className="buy-box-hint">
          {orderable ? t(m.moqHint, { moq: formatQty(moq), increment: formatQty(increment), uom }) : t(m.quantityNotAllowed)}
        </Typography.Text>
      </div>
      <div className="buy-box-row">
        <span className="buy-box-field">{t(m.lineTotal)}</span>
        <span className="buy-box-total" data-testid="line-total">
          {formatMoney(price.lineTotalInclTax, 'CNY', lang)}
        </span>
        <Typography.Text type="secondary">
          {t(m.inclTaxRate, { rate: formatRate(price.taxRate) })} · {t(m.exclTax)} {formatMoney(price.lineTotal, 'CNY', lang)}
        </Typography.Text>
      </div>
      <Space wrap className="buy-box-actions">
        <Tooltip title={canBuy ? undefined : t(m.cartNeedsBuyer)}>
          <Button type="primary" size="large" icon={<ShoppingCartOutlined />} disabled={!canBuy || !orderable || !inStock} loading={adding} onClick={() => void addToCart()} data-testid="add-to-cart">
            {t(m.addToCart)}
          </Button>
        </Tooltip>
      </Space>
    </div>
  );
}

/** A product as a buyer sees it: images, variants, the buyer's price, tiers, specs, documents, supplier. */
export default function ProductPage() {
  const { t, lang } = useI18n();
  const { productId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const base = useCatalogBase();
  const data = useApiData((signal) => api.get('/catalog/products/{productId}', { params: { productId }, signal }), [productId, lang]);
  const [imageIndex, setImageIndex] = useState(0);
  const product = data.data;
  const skus = useMemo(() => [...(product?.skus ?? [])].sort((a, b) => a.skuCode.localeCompare(b.skuCode, undefined, { numeric: true })), [product]);
  const sku = useMemo(() => skus.find((s) => s.id === params.get('sku')) ?? skus[0], [skus, params]);

  if (data.loading && !product) return <PageLoading />;
  if (!product) return <LoadError error={data.error} onRetry={data.reload} />;
  const p = product.product;
  const name = productName(p, lang);
  const images = product.files.filter((f) => f.kind === 'image');
  const documents = product.files.filter((f) => f.kind !== 'image');
  const uom = uomLabel(p.uom, lang);
  const description = lang === 'en' ? (p.descriptionEn ?? p.descriptionZh) : p.descriptionZh;
  const selectSku = (id: string) => setParams((current) => {
    const next = new URLSearchParams(current);
    next.set('sku', id);
    return next;
  }, { replace: true });
  const leadTime = sku?.leadTimeDays ?? p.leadTimeDays;

  return (
    <div className="page product-page">
      <Breadcrumb
        className="catalog-breadcrumb"
        items={[
          { title: <Link to={base}>{t(m.allCategories)}</Link> },
          ...product.category.path.map((c) => ({ title: <Link to={`${base}?category=${c.code}`}>{c.name}</Link> })),
        ]}
      />
      <Card className="product-hero">
        <Row gutter={[28, 20]}>
          <Col xs={24} md={9} xl={7}>
            <div className="gallery">
              <div className="gallery-main">
                {images.length ? <img src={fileUrl(images[Math.min(imageIndex, images.length - 1)]!.id)} alt={name} /> : <ProductThumb fileId={null} size={280} />}
              </div>
              {images.length > 1 ? (
                <div className="gallery-thumbs">
                  {images.map((img, i) => (
                    <button type="button" key={img.id} className={i === imageIndex ? 'active' : undefined} onClick={() => setImageIndex(i)}>
                      <ProductThumb fileId={img.id} size={52} />
                    </button>
                  ))}
                </div>
              ) : null}
            </div>
          </Col>
          <Col xs={24} md={15} xl={11}>
            <Typography.Title level={4} className="product-title" data-testid="product-title">
              {name}
            </Typography.Title>
            <div className="product-subtitle">
              {p.brand ? <span>{t(m.labelled, { label: t(m.brand), value: p.brand })}</span> : null}
              {p.model ? <span>{t(m.labelled, { label: t(m.model), value: p.model })}</span> : null}
              {sku ? <span className="mono">{sku.skuCode}</span> : null}
            </div>
            {product.skus.length > 1 ? (
              <div className="variant-picker">
                <div className="buy-box-field">{t(m.variants)}</div>
                <Radio.Group value={sku?.id} onChange={(e) => selectSku(e.target.value as string)} optionType="button" size="small" data-testid="variants">
                  {skus.map((s) => (
                    <Radio.Button key={s.id} value={s.id}>
                      {variantLabel(s)}
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </div>
            ) : null}
            {sku ? <BuyBox product={product} sku={sku} /> : <Empty />}
            {sku?.standardItem && sku.standardItem.offerCount > 1 ? (
              <Link to={`${base}/compare/${sku.standardItem.id}`} data-testid="compare-link">
                <Button icon={<SwapOutlined />}>{t(m.compareOffers, { n: sku.standardItem.offerCount })}</Button>
              </Link>
            ) : null}
          </Col>
          <Col xs={24} xl={6}>
            <div className="product-facts">
              {sku ? (
                <>
                  <Fact name={t(m.stock)}>
                    <span className={compareDecimal(sku.availableQty, '0') > 0 ? 'stock-ok' : 'stock-none'} data-testid="stock">
                      {compareDecimal(sku.availableQty, '0') > 0 ? `${formatQty(sku.availableQty)} ${uom}` : t(m.outOfStock)}
                    </span>
                  </Fact>
                  <Fact name={t(m.leadTime)}>{t(m.leadDaysShort, { n: leadTime })}</Fact>
                  <Fact name={t(m.moq)}>{`${formatQty(sku.moq)} ${uom}`}</Fact>
                  <Fact name={t(m.increment)}>{`${formatQty(sku.increment)} ${uom}`}</Fact>
                </>
              ) : null}
              <Fact name={t(m.deliveryRegions)}>{p.deliveryRegions.length ? p.deliveryRegions.map((r) => regionLabel(r, lang)).join(t(m.listSeparator)) : '—'}</Fact>
              <Fact name={t(m.warranty)}>{p.warrantyMonths ? t(m.warrantyMonths, { n: p.warrantyMonths }) : '—'}</Fact>
              <Fact name={t(m.origin)}>{p.origin ? regionLabel(p.origin, lang) : '—'}</Fact>
              <Fact name={t(m.taxRate)}>{formatRate(p.taxRate)}</Fact>
              {sku?.standardItem ? (
                <Fact name={t(m.standardItem)}>
                  <span className="mono">{sku.standardItem.code}</span>
                </Fact>
              ) : null}
            </div>
            <Card size="small" className="supplier-card" title={t(m.supplierCard)} data-testid="supplier-card">
              <Typography.Text strong>{product.supplier.name}</Typography.Text>
              <div className="supplier-card-badges">
                <TierTag tier={product.supplier.tier} />
                <Rating value={product.supplier.rating} />
              </div>
              <div className="cell-sub">
                {t(m.labelled, { label: t(m.region), value: regionLabel(product.supplier.region, lang) })}
              </div>
              <Link to={`${base}/storefronts/${product.supplier.id}`}>
                <Button size="small" icon={<ShopOutlined />} className="supplier-card-link">
                  {t(m.visitStore)}
                </Button>
              </Link>
            </Card>
          </Col>
        </Row>
      </Card>

      <Card className="product-details">
        <Tabs
          items={[
            {
              key: 'specs',
              label: t(m.tabSpecs),
              children: (
                <Table
                  size="small"
                  rowKey="key"
                  pagination={false}
                  data-testid="specs-table"
                  dataSource={[...product.specs, ...(sku?.specLines ?? [])]}
                  columns={[
                    { title: t(m.specName), dataIndex: 'name', width: 240 },
                    { title: t(m.specValue), dataIndex: 'display', render: (v: string, line) => (line.unit && v.endsWith(` ${line.unit}`) ? v.slice(0, -line.unit.length - 1) : v) },
                    { title: t(m.specUnit), dataIndex: 'unit', width: 120, render: (u: string | null) => u ?? '—' },
                  ]}
                />
              ),
            },
            {
              key: 'tiers',
              label: t(m.tierPrices),
              children: sku ? <TierTable sku={sku} taxRate={p.taxRate} uom={p.uom} /> : null,
            },
            {
              key: 'skus',
              label: `${t(m.tabSkus)} (${product.skus.length})`,
              children: (
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={skus}
                  rowClassName={(s) => (s.id === sku?.id ? 'row-selected' : '')}
                  onRow={(s) => ({ onClick: () => selectSku(s.id), className: 'clickable-row' })}
                  columns={[
                    { title: t(m.skuCode), dataIndex: 'skuCode', render: (v: string) => <span className="mono">{v}</span> },
                    { title: t(m.variants), key: 'variant', render: (_, s) => variantLabel(s) },
                    { title: t(m.yourPrice), key: 'price', align: 'right', render: (_, s) => <span>{formatMoney(s.price.unitPrice, 'CNY', lang)}/{uom}</span> },
                    { title: t(m.moq), dataIndex: 'moq', align: 'right', render: (v: string) => formatQty(v) },
                    { title: t(m.stock), dataIndex: 'availableQty', align: 'right', render: (v: string) => formatQty(v) },
                    { title: t(m.leadTime), key: 'lead', align: 'right', render: (_, s) => t(m.leadDaysShort, { n: s.leadTimeDays ?? p.leadTimeDays }) },
                  ]}
                />
              ),
            },
            {
              key: 'description',
              label: t(m.tabDescription),
              children: description ? <Typography.Paragraph className="product-description">{description}</Typography.Paragraph> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(m.noDescription)} />,
            },
            {
              key: 'documents',
              label: `${t(m.tabDocuments)} (${documents.length})`,
              children: documents.length ? (
                <div className="documents" data-testid="documents">
                  {documents.map((f) => (
                    <a key={f.id} href={buildUrl('/catalog/files/{fileId}', { fileId: f.id })} className="document" download={f.filename}>
                      <FilePdfOutlined className="document-icon" />
                      <span>
                        <span className="document-name">{f.filename}</span>
                        <span className="cell-sub">
                          {t(label('fileKind_', f.kind))} · {formatBytes(f.sizeBytes, lang)}
                        </span>
                      </span>
                      <DownloadOutlined />
                    </a>
                  ))}
                </div>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(m.noDocuments)} />
              ),
            },
          ]}
        />
      </Card>
      {p.reviewStatus !== 'approved' ? <Alert type="warning" title={t(label('reviewStatus_', p.reviewStatus))} /> : null}
    </div>
  );
}

/** Volume breaks of a SKU: from quantity, unit price excl. and incl. VAT; the list price first. */
export function TierTable({ sku, taxRate, uom }: { sku: { listPrice: string; moq: string; tiers: Array<{ minQty: string; unitPrice: string }> }; taxRate: string; uom: string }) {
  const { t, lang } = useI18n();
  const u = uomLabel(uom, lang);
  const rows = [{ minQty: sku.moq, unitPrice: sku.listPrice, list: true }, ...sku.tiers.map((x) => ({ ...x, list: false }))];
  return (
    <Table
      size="small"
      rowKey="minQty"
      pagination={false}
      data-testid="tier-table"
      dataSource={rows}
      columns={[
        { title: t(m.tierMinQty), dataIndex: 'minQty', render: (v: string, r) => (r.list ? <span>{t(m.tierFrom, { qty: formatQty(v), uom: u })} <Tag>{t(m.listPrice)}</Tag></span> : t(m.tierFrom, { qty: formatQty(v), uom: u })) },
        { title: t(m.unitPriceExcl), dataIndex: 'unitPrice', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
        { title: t(m.unitPriceIncl), key: 'incl', align: 'right', render: (_, r) => formatMoney(inclTax(r.unitPrice, taxRate), 'CNY', lang) },
      ]}
      locale={{ emptyText: t(m.noTiers) }}
    />
  );
}
