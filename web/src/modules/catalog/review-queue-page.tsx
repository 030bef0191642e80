import { Button, Card, Segmented, Table } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { productName, useCategoryTree, type OwnProduct } from './api.ts';
import { label, m } from './messages.ts';
import { useOrgNames } from './org-names.ts';
import { ReviewStatusTag } from './parts.tsx';
import './catalog.css';

const STATUSES = ['pending_review', 'approved', 'rejected', 'draft'] as const;
type Status = (typeof STATUSES)[number];

/** The platform's listing review queue (上架审核), oldest submission first. */
export default function ReviewQueuePage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as Status) : 'pending_review';
  const { tree } = useCategoryTree();
  const list = useCursorList((cursor, signal) => api.get('/catalog/review-queue', { query: { status, cursor, limit: 50 }, signal }), [status]);
  const suppliers = useOrgNames(list.items.map((p) => p.supplierOrgId));

  return (
    <div className="page">
      <PageHeader title={t(m.reviewTitle)} subtitle={t(m.reviewSubtitle)} />
      <Card size="small">
        <div className="filter-bar">
          <Segmented<Status>
            value={status}
            onChange={(v) => setParams(v === 'pending_review' ? {} : { status: v }, { replace: true })}
            options={STATUSES.map((s) => ({ value: s, label: <span data-testid={`review-filter-${s}`}>{t(label('reviewStatus_', s))}</span> }))}
          />
        </div>
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<OwnProduct>
              size="small"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              data-testid="review-queue"
              locale={{ emptyText: t(m.reviewQueueEmpty) }}
              onRow={(p) => ({ onClick: () => navigate(p.id), className: 'clickable-row' })}
              columns={[
                {
                  title: t(m.product),
                  key: 'name',
                  render: (_, p) => (
                    <div>
                      <Link to={p.id} onClick={(e) => e.stopPropagation()}>
                        {productName(p, lang)}
                      </Link>
                      <div className="cell-sub">{[p.brand, p.model].filter(Boolean).join(' · ') || '—'}</div>
                    </div>
                  ),
                },
                { title: t(m.supplier), dataIndex: 'supplierOrgId', width: 220, render: (id: string) => suppliers.get(id) ?? '…' },
                { title: t(m.category), dataIndex: 'categoryCode', width: 260, render: (c: string) => <span className="cell-sub-inline">{tree.pathName(c)}</span> },
                { title: t(m.submittedAt), dataIndex: 'submittedAt', width: 150, render: (v: string | null, p) => formatDateTime(v ?? p.createdAt) },
                { title: t(common.status), dataIndex: 'reviewStatus', width: 100, render: (s: string) => <ReviewStatusTag status={s} /> },
                {
                  title: t(common.actions),
                  key: 'a',
                  width: 90,
                  render: (_, p) => (
                    <Button size="small" type="link" onClick={(e) => (e.stopPropagation(), navigate(p.id))} data-testid={`review-open-${p.nameZh}`}>
                      {p.reviewStatus === 'pending_review' ? t(m.reviewIt) : t(common.view)}
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
