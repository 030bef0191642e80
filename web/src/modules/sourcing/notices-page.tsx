import { Button, Card, Descriptions, Drawer, Input, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { PublicLayout } from '../../shell/public-layout.tsx';
import { label, type Notice } from './api.ts';
import { m } from './messages.ts';

const KINDS = ['publication', 'amendment', 'candidates', 'result', 'cancellation', 'failure'] as const;

/** One notice's content, rendered from its data per kind (both languages come from here, not the server). */
export function NoticeBody({ notice }: { notice: Notice }) {
  const { t, lang } = useI18n();
  const d = notice.data as Record<string, any>;
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t(m.number)}>{d.number}</Descriptions.Item>
      <Descriptions.Item label={t(m.title)}>{d.title}</Descriptions.Item>
      <Descriptions.Item label={t(m.buyer)}>{notice.buyerName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t(m.publishedAt)}>{formatDateTime(notice.publishedAt)}</Descriptions.Item>
      {d.registrationDeadline ? <Descriptions.Item label={t(m.registrationDeadline)}>{formatDateTime(d.registrationDeadline)}</Descriptions.Item> : null}
      {d.bidDeadline ? <Descriptions.Item label={t(m.bidDeadline)}>{formatDateTime(d.bidDeadline)}</Descriptions.Item> : null}
      {d.openingAt ? <Descriptions.Item label={t(m.openingAt)}>{formatDateTime(d.openingAt)}</Descriptions.Item> : null}
      {d.depositAmount ? <Descriptions.Item label={t(m.depositAmount)}>{formatMoney(d.depositAmount, 'CNY', lang)}</Descriptions.Item> : null}
      {d.amendmentTitle ? <Descriptions.Item label={t(m.documentTitle)}>{`${d.amendmentTitle}${d.material ? ` · ${t(m.material)}` : ''}`}</Descriptions.Item> : null}
      {Array.isArray(d.candidates) ? (
        <Descriptions.Item label={t(m.candidates)}>
          {d.candidates.map((c: any) => (
            <div key={c.rank}>{`${c.rank}. ${c.supplierName} · ${formatMoney(c.evaluatedPrice, 'CNY', lang)} · ${t(m.scoreTotal)} ${c.totalScore}`}</div>
          ))}
        </Descriptions.Item>
      ) : null}
      {d.supplierName ? <Descriptions.Item label={t(m.winner)}>{`${d.supplierName} · ${formatMoney(d.totalPrice, 'CNY', lang)}`}</Descriptions.Item> : null}
      {d.reason ? <Descriptions.Item label={t(m.cancelReason)}>{String(d.reason)}</Descriptions.Item> : null}
    </Descriptions>
  );
}

export function NoticeList() {
  const { t } = useI18n();
  const [kind, setKind] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<Notice | null>(null);
  const list = useCursorList((cursor, signal) => api.get('/public/tender-notices', { query: { cursor, limit: 50, kind: kind as (typeof KINDS)[number] | undefined, q: q || undefined }, signal }), [kind, q]);
  return (
    <>
      <div className="filter-bar">
        <Select allowClear style={{ width: 200 }} placeholder={t(m.noticeKind)} value={kind} onChange={setKind} options={KINDS.map((k) => ({ value: k, label: t(label('noticeKind_', k)) }))} />
        <Input.Search allowClear style={{ width: 240 }} placeholder={t(m.searchPlaceholder)} onSearch={(v) => setQ(v.trim())} maxLength={60} />
      </div>
      {list.error && !list.items.length ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <>
          <Table<Notice>
            size="middle"
            rowKey="id"
            loading={list.loading}
            dataSource={list.items}
            pagination={false}
            locale={{ emptyText: t(m.noNotices) }}
            rowClassName={() => 'clickable-row'}
            onRow={(n) => ({ onClick: () => setOpen(n) })}
            data-testid="notices-table"
            columns={[
              { title: t(m.noticeKind), dataIndex: 'kind', render: (k: string) => <Tag color={k === 'result' ? 'green' : k === 'candidates' ? 'gold' : k === 'publication' ? 'blue' : 'default'}>{t(label('noticeKind_', k))}</Tag> },
              { title: t(m.title), render: (_, n) => <div>{String((n.data as Record<string, unknown>).title)}<div className="cell-sub">{String((n.data as Record<string, unknown>).number)}</div></div> },
              { title: t(m.buyer), dataIndex: 'buyerName' },
              { title: t(m.publishedAt), dataIndex: 'publishedAt', render: (v: string) => formatDateTime(v) },
            ]}
          />
          <LoadMore list={list} />
        </>
      )}
      <Drawer open={open !== null} onClose={() => setOpen(null)} width={560} title={open ? t(label('noticeKind_', open.kind)) : ''}>
        {open ? <NoticeBody notice={open} /> : null}
      </Drawer>
    </>
  );
}

/** Tender notices inside a workspace (any party). */
export default function NoticesPage() {
  const { t } = useI18n();
  return (
    <div className="page">
      <PageHeader title={t(m.noticesTitle)} subtitle={t(m.noticesSubtitle)} />
      <Card size="small">
        <NoticeList />
      </Card>
    </div>
  );
}

/** The public notice board at /notices: anyone, signed in or not. */
export function PublicNoticesPage() {
  const { t } = useI18n();
  const here = useLocation().pathname;
  return (
    <PublicLayout wide>
      <Typography.Title level={3}>{t(m.noticesTitle)}</Typography.Title>
      <Typography.Paragraph type="secondary">{t(m.noticesSubtitle)}</Typography.Paragraph>
      <NoticeList />
      <Link to={`/sign-in?next=${encodeURIComponent(here)}`}>
        <Button type="primary" style={{ marginTop: 16 }}>
          {t(m.signInToBid)}
        </Button>
      </Link>
    </PublicLayout>
  );
}
