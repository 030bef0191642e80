import { Card, Descriptions, Drawer, Input, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type ApiResponse } from '../../platform/api.ts';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useApiData, useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { label } from './api.ts';
import { m } from './messages.ts';
import { StatusTag } from './parts.tsx';

type Row = ApiResponse<'/platform/tenders'>['items'][number];

/** The operator's supervision of tenders: metadata, registrations, deposits, bid times and hashes (never content before the opening). */
export default function SupervisionPage() {
  const { t, lang } = useI18n();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const list = useCursorList((cursor, signal) => api.get('/platform/tenders', { query: { cursor, limit: 50, q: q || undefined }, signal }), [q]);
  return (
    <div className="page">
      <PageHeader title={t(m.supervisionTitle)} subtitle={t(m.supervisionSubtitle)} />
      <Card size="small">
        <div className="filter-bar">
          <Input.Search allowClear style={{ width: 240 }} placeholder={t(m.searchPlaceholder)} onSearch={(v) => setQ(v.trim())} maxLength={60} />
        </div>
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<Row>
              size="middle"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              rowClassName={() => 'clickable-row'}
              onRow={(r) => ({ onClick: () => setOpen(r.id) })}
              columns={[
                { title: t(m.number), dataIndex: 'number', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
                { title: t(m.title), dataIndex: 'title' },
                { title: t(m.buyer), dataIndex: 'buyerName' },
                { title: t(m.visibility), dataIndex: 'visibility', render: (v: string) => t(label('visibility_', v)) },
                { title: t(m.status), dataIndex: 'status', render: (s: string) => <StatusTag prefix="tenderStatus_" status={s} /> },
                { title: t(m.depositAmount), dataIndex: 'depositAmount', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
                { title: t(m.bidDeadline), dataIndex: 'bidDeadline', render: (v: string) => formatDateTime(v) },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
      <Drawer open={open !== null} onClose={() => setOpen(null)} width={720} title={t(m.supervisionTitle)} destroyOnHidden>
        {open ? <SupervisionDetail tenderId={open} /> : null}
      </Drawer>
    </div>
  );
}

function SupervisionDetail({ tenderId }: { tenderId: string }) {
  const { t, lang } = useI18n();
  const detail = useApiData((signal) => api.get('/platform/tenders/{tenderId}', { params: { tenderId }, signal }), [tenderId]);
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return null;
  const d = detail.data;
  return (
    <>
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t(m.number)}>{d.tender.number}</Descriptions.Item>
        <Descriptions.Item label={t(m.title)}>{d.tender.title}</Descriptions.Item>
        <Descriptions.Item label={t(m.buyer)}>{d.buyerName}</Descriptions.Item>
        <Descriptions.Item label={t(m.status)}>
          <StatusTag prefix="tenderStatus_" status={d.tender.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t(m.sealingKey)}>
          <Typography.Text className="mono">{d.tender.sealingPublicKeySha256 ?? '—'}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t(m.registrations)}</Typography.Title>
      <Table size="small" rowKey="supplierOrgId" pagination={false} dataSource={d.registrations} columns={[
        { title: t(m.supplier), dataIndex: 'supplierName' },
        { title: t(m.status), dataIndex: 'status', render: (s: string) => <StatusTag prefix="regStatus_" status={s} /> },
        { title: t(m.registeredAt), dataIndex: 'registeredAt', render: (v: string) => formatDateTime(v) },
      ]} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t(m.deposits)}</Typography.Title>
      <Table size="small" rowKey="supplierOrgId" pagination={false} dataSource={d.deposits} columns={[
        { title: t(m.supplier), dataIndex: 'supplierOrgId', render: (id: string) => d.registrations.find((r) => r.supplierOrgId === id)?.supplierName ?? id },
        { title: t(m.amount), dataIndex: 'amount', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
        { title: t(m.status), dataIndex: 'status', render: (s: string) => <StatusTag prefix="depositStatus_" status={s} /> },
      ]} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t(m.bidding)}</Typography.Title>
      {d.bids === null ? (
        <Tag>{t(m.bidsHiddenUntilClose)}</Tag>
      ) : (
        <Table size="small" rowKey="supplierOrgId" pagination={false} dataSource={d.bids} columns={[
          { title: t(m.supplier), dataIndex: 'supplierName' },
          { title: t(m.status), dataIndex: 'status', render: (s: string) => <StatusTag prefix="bidStatus_" status={s} /> },
          { title: t(m.revision), dataIndex: 'revision' },
          { title: t(m.submittedAt), dataIndex: 'submittedAt', render: (v: string) => formatDateTime(v, true) },
          { title: t(m.receiptHash), dataIndex: 'sealedSha256', render: (v: string | null) => (v ? <Typography.Text className="mono">{`${v.slice(0, 16)}…`}</Typography.Text> : '—') },
          { title: t(m.total), dataIndex: 'totalPrice', align: 'right', render: (v: string | null) => (v ? formatMoney(v, 'CNY', lang) : <Tag>{t(m.sealedHint)}</Tag>) },
        ]} />
      )}
    </>
  );
}
