import { SwapOutlined } from '@ant-design/icons';
import { Button, Card, Input, Space, Table } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { useCategoryTree, type StandardItem } from './api.ts';
import { CategorySelect } from './category-tree-panel.tsx';
import { m } from './messages.ts';
import { uomLabel } from './parts.tsx';
import { useCatalogBase } from './search-results.tsx';
import './catalog.css';

/** Buyers find standard items by the coding tree and open the price comparison of one. */
export default function StandardItemsPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const base = useCatalogBase();
  const [params, setParams] = useSearchParams();
  const category = params.get('category') ?? undefined;
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const { tree } = useCategoryTree();
  const update = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    setParams(merged, { replace: true });
  };
  const list = useCursorList((cursor, signal) => api.get('/catalog/standard-items', { query: { category, q: q || undefined, cursor, limit: 50 }, signal }), [category, q, lang]);

  return (
    <div className="page">
      <PageHeader title={t(m.standardItemsTitle)} subtitle={t(m.standardItemsSubtitle)} />
      <Card size="small">
        <div className="filter-bar">
          <Space wrap>
            <CategorySelect tree={tree} style={{ width: 320 }} placeholder={t(m.categoryPlaceholder)} value={category} onChange={(v) => update({ category: v })} />
            <Input.Search allowClear placeholder={t(m.standardItemSearch)} value={text} onChange={(e) => setText(e.target.value)} onSearch={(v) => update({ q: v.trim() || undefined })} style={{ width: 280 }} />
          </Space>
        </div>
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<StandardItem>
              size="small"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              onRow={(i) => ({ onClick: () => navigate(`${base}/compare/${i.id}`), className: 'clickable-row' })}
              columns={[
                { title: t(m.itemCode), dataIndex: 'code', width: 150, render: (v: string) => <span className="mono">{v}</span> },
                { title: t(m.itemName), dataIndex: 'name' },
                { title: t(m.category), dataIndex: 'categoryCode', width: 260, render: (c: string) => <span className="cell-sub-inline">{tree.pathName(c)}</span> },
                { title: t(m.uom), dataIndex: 'uom', width: 90, render: (u: string) => uomLabel(u, lang) },
                {
                  title: t(common.actions),
                  key: 'a',
                  width: 100,
                  render: (_, i) => (
                    <Button size="small" icon={<SwapOutlined />} onClick={(e) => (e.stopPropagation(), navigate(`${base}/compare/${i.id}`))}>
                      {t(m.compare)}
                    </Button>
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
