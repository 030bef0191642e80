import { CloudUploadOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Segmented, Space, Table } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { productName, useCategoryTree, type OwnProductRow } from './api.ts';
import { CategorySelect } from './category-tree-panel.tsx';
import { label, m } from './messages.ts';
import { ReviewStatusTag, ShelfTag } from './parts.tsx';
import { useCatalogBase } from './search-results.tsx';
import './catalog.css';

const STATUSES = ['all', 'draft', 'pending_review', 'approved', 'rejected'] as const;
type StatusFilter = (typeof STATUSES)[number];

/** The supplier's products with their listing state: review status and shelf, and the actions on them. */
export default function MyProductsPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const base = useCatalogBase();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const { tree } = useCategoryTree();
  const [params, setParams] = useSearchParams();
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as StatusFilter) : 'all';
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? undefined;
  const [text, setText] = useState(q);
  const [busy, setBusy] = useState<string | null>(null);
  const update = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    setParams(merged, { replace: true });
  };
  const list = useCursorList(
    (cursor, signal) =>
      api.get('/catalog/my/products', {
        query: { reviewStatus: status === 'all' ? undefined : (status as Exclude<StatusFilter, 'all'>), q: q || undefined, category, cursor, limit: 50 },
        signal,
      }),
    [status, q, category],
  );

  const act = async (p: OwnProductRow, action: 'submit' | 'activate' | 'deactivate') => {
    setBusy(`${p.id}:${action}`);
    try {
      const updated = await api.post(`/catalog/my/products/{productId}/${action}`, { params: { productId: p.id } });
      list.replace((x) => x.id === p.id, { ...p, ...updated });
      void message.success(t(action === 'submit' ? m.submitted : action === 'activate' ? m.activated : m.deactivated));
    } catch (e) {
      handleProblem(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="page">
      <PageHeader
        title={t(m.myProductsTitle)}
        subtitle={t(m.myProductsSubtitle)}
        extra={
          <Space>
            <Button icon={<CloudUploadOutlined />} onClick={() => navigate(`${base}/import`)}>
              {t(m.menuImport)}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`${base}/products/new`)} data-testid="new-product">
              {t(m.newProduct)}
            </Button>
          </Space>
        }
      />
      <Card size="small">
        <div className="filter-bar">
          <Segmented<StatusFilter>
            value={status}
            onChange={(v) => update({ status: v === 'all' ? undefined : v })}
            options={STATUSES.map((s) => ({ value: s, label: s === 'all' ? t(common.all) : t(label('reviewStatus_', s)) }))}
          />
          <Space wrap>
            <CategorySelect tree={tree} value={category} onChange={(v) => update({ category: v })} placeholder={t(m.category)} style={{ width: 240 }} />
            <Input.Search allowClear placeholder={t(m.searchMyProducts)} value={text} onChange={(e) => setText(e.target.value)} onSearch={(v) => update({ q: v.trim() || undefined })} enterButton={<SearchOutlined />} style={{ width: 240 }} />
          </Space>
        </div>
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<OwnProductRow>
              size="small"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              data-testid="my-products"
              onRow={(p) => ({ onClick: () => navigate(`${base}/products/${p.id}`), className: 'clickable-row' })}
              columns={[
                {
                  title: t(m.product),
                  key: 'name',
                  render: (_, p) => (
                    <div>
                      <Link to={`${base}/products/${p.id}`} onClick={(e) => e.stopPropagation()}>
                        {productName(p, lang)}
                      </Link>
                      <div className="cell-sub">{[p.brand, p.model].filter(Boolean).join(' · ') || '—'}</div>
                    </div>
                  ),
                },
                { title: t(m.category), dataIndex: 'categoryCode', width: 240, render: (c: string) => <span className="cell-sub-inline">{tree.pathName(c)}</span> },
                { title: t(m.skus), dataIndex: 'skuCount', width: 70, align: 'right' },
                { title: t(m.reviewStatus), dataIndex: 'reviewStatus', width: 100, render: (s: string) => <ReviewStatusTag status={s} /> },
                { title: t(m.shelf), dataIndex: 'active', width: 90, render: (a: boolean) => <ShelfTag active={a} /> },
                { title: t(common.updatedAt), dataIndex: 'updatedAt', width: 140, render: (v: string) => formatDateTime(v) },
                {
                  title: t(common.actions),
                  key: 'actions',
                  width: 190,
                  render: (_, p) => (
                    <Space size={0} onClick={(e) => e.stopPropagation()}>
                      {p.reviewStatus === 'draft' || p.reviewStatus === 'rejected' ? (
                        <Button size="small" type="link" loading={busy === `${p.id}:submit`} onClick={() => void act(p, 'submit')} data-testid={`submit-${p.id}`}>
                          {t(m.submit)}
                        </Button>
                      ) : null}
                      {p.active ? (
                        <Button size="small" type="link" loading={busy === `${p.id}:deactivate`} onClick={() => void act(p, 'deactivate')}>
                          {t(m.deactivate)}
                        </Button>
                      ) : (
                        <Button size="small" type="link" loading={busy === `${p.id}:activate`} onClick={() => void act(p, 'activate')}>
                          {t(m.activate)}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
    </div>
  );
}
