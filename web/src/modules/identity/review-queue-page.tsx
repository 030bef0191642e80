import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common, commonLabel } from '../../platform/messages.ts';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import type { PlatformOrg } from './api.ts';
import { m } from './messages.ts';
import { OrgStatusTag } from './org-status-tag.tsx';

const STATUSES = ['pending_review', 'active', 'rejected', 'suspended', 'draft', 'all'] as const;
type StatusFilter = (typeof STATUSES)[number];
type OrgStatus = Exclude<StatusFilter, 'all'>;
const KINDS = ['buyer', 'supplier', 'partner'] as const;

/** The operator's review queue: organisations by status (pending review first), kind and search. */
export default function ReviewQueuePage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as StatusFilter) : 'pending_review';
  const kind = (KINDS as readonly string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as (typeof KINDS)[number]) : undefined;
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);

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
      api.get('/platform/organizations', {
        query: { status: status === 'all' ? undefined : (status as OrgStatus), kind, q: q || undefined, cursor, limit: 50 },
        signal,
      }),
    [status, kind, q],
  );

  return (
    <div className="page">
      <PageHeader title={t(m.reviewTitle)} subtitle={t(m.reviewSubtitle)} />
      <Card size="small">
        <div className="filter-bar">
          <Segmented<StatusFilter>
            value={status}
            onChange={(v) => update({ status: v })}
            options={STATUSES.map((s) => ({ value: s, label: <span data-testid={`status-filter-${s}`}>{s === 'all' ? t(common.all) : t(commonLabel('orgStatus_', s))}</span> }))}
          />
          <Space wrap>
            <Select
              allowClear
              placeholder={t(m.kindFilter)}
              value={kind}
              style={{ width: 140 }}
              onChange={(v: string | undefined) => update({ kind: v })}
              options={KINDS.map((k) => ({ value: k, label: t(commonLabel('kind_', k)) }))}
            />
            <Input.Search
              allowClear
              placeholder={t(m.searchPlaceholder)}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onSearch={(v) => update({ q: v.trim() || undefined })}
              enterButton={<SearchOutlined />}
              style={{ width: 260 }}
              data-testid="org-search"
            />
          </Space>
        </div>
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<PlatformOrg>
              size="small"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              data-testid="review-table"
              onRow={(org) => ({ onClick: () => navigate(org.id), className: 'clickable-row' })}
              columns={[
                {
                  title: t(m.orgName),
                  dataIndex: 'name',
                  render: (name: string, org) => (
                    <div>
                      <Link to={org.id} onClick={(e) => e.stopPropagation()}>
                        {lang === 'en' && org.nameEn ? org.nameEn : name}
                      </Link>
                      <div className="cell-sub">{lang === 'en' && org.nameEn ? name : org.nameEn}</div>
                    </div>
                  ),
                },
                { title: t(m.uscc), dataIndex: 'uscc', width: 190, render: (v: string) => <Typography.Text className="mono">{v}</Typography.Text> },
                {
                  title: t(m.kinds),
                  dataIndex: 'kinds',
                  width: 170,
                  render: (kinds: string[]) => kinds.map((k) => <Tag key={k}>{t(commonLabel('kind_', k))}</Tag>),
                },
                { title: t(m.region), dataIndex: 'region', width: 140, render: (v: string | null) => v || '—' },
                { title: t(m.submittedAt), dataIndex: 'submittedAt', width: 150, render: (v: string | null) => formatDateTime(v) },
                { title: t(common.status), dataIndex: 'status', width: 100, render: (s: string) => <OrgStatusTag status={s} /> },
                {
                  title: t(common.actions),
                  key: 'actions',
                  width: 80,
                  render: (_, org) => (
                    <Button size="small" type="link" onClick={(e) => (e.stopPropagation(), navigate(org.id))} data-testid={`review-${org.uscc}`}>
                      {org.status === 'pending_review' ? t(m.reviewAction) : t(common.view)}
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
