import { AppstoreOutlined, AuditOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Space, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { productName, useCategoryTree } from './api.ts';
import { m } from './messages.ts';
import './catalog.css';

/** Buyer home: search the catalog, or jump into a top-level category. */
export function CatalogSearchWidget() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { tree } = useCategoryTree();
  return (
    <Card size="small" className="widget-card" title={<Space><SearchOutlined />{t(m.searchWidgetTitle)}</Space>} data-testid="catalog-widget">
      <Input.Search enterButton={t(m.searchButton)} placeholder={t(m.searchPlaceholderShort)} onSearch={(v) => navigate(`/buyer/catalog${v.trim() ? `?q=${encodeURIComponent(v.trim())}` : ''}`)} />
      <Typography.Text type="secondary" className="widget-subtitle">
        <AppstoreOutlined /> {t(m.popularCategories)}
      </Typography.Text>
      <div className="widget-categories">
        {tree.roots.map((c) => (
          <Link key={c.code} to={`/buyer/catalog?category=${c.code}`}>
            <Tag className="widget-category">{c.name}</Tag>
          </Link>
        ))}
      </div>
    </Card>
  );
}

/** Operator home: products waiting for listing review, oldest first. */
export function ReviewQueueWidget() {
  const { t, lang } = useI18n();
  const data = useApiData((signal) => api.get('/catalog/review-queue', { query: { limit: 5 }, signal }), []);
  const items = data.data?.items ?? [];
  return (
    <Card
      size="small"
      className="widget-card"
      loading={data.loading && !data.data}
      title={<Space><AuditOutlined />{t(m.reviewWidgetTitle)}</Space>}
      extra={<Link to="/operator/catalog/review"><Button size="small" type="link">{t(m.viewAll)}</Button></Link>}
      data-testid="listing-review-widget"
    >
      {items.length ? (
        <div className="widget-list">
          {items.map((p) => (
            <Link key={p.id} to={`/operator/catalog/review/${p.id}`} className="widget-row">
              <span className="widget-row-title">{productName(p, lang)}</span>
              <span className="cell-sub">{formatDateTime(p.submittedAt ?? p.createdAt)}</span>
            </Link>
          ))}
        </div>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(m.reviewWidgetEmpty)} />
      )}
    </Card>
  );
}
