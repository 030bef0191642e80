import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Table } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDate } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useSession } from '../../platform/session.tsx';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import type { Agreement } from './api.ts';
import { label, m } from './messages.ts';
import { AgreementStatusTag } from './parts.tsx';
import { useCatalogBase, useWorkspace } from './search-results.tsx';
import './catalog.css';

const STATUSES = ['all', 'draft', 'active', 'suspended', 'terminated'] as const;
type StatusFilter = (typeof STATUSES)[number];

/** Framework agreements of the organisation: the buyer confirms drafts, the supplier drafts them. */
export default function AgreementsPage() {
  const { t, lang } = useI18n();
  const { can, me } = useSession();
  const navigate = useNavigate();
  const workspace = useWorkspace();
  const base = useCatalogBase();
  const isSupplier = workspace === 'supplier';
  const [params, setParams] = useSearchParams();
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as StatusFilter) : 'all';
  const list = useCursorList(
    (cursor, signal) => api.get('/catalog/agreements', { query: { status: status === 'all' ? undefined : status, cursor, limit: 50 }, signal }),
    [status, lang],
  );
  // An organisation that both buys and sells sees, in each workspace, the agreements of that side.
  const items = list.items.filter((a) => (isSupplier ? a.supplierOrgId === me?.organization.id : a.buyerOrgId === me?.organization.id));

  return (
    <div className="page">
      <PageHeader
        title={t(m.agreementsTitle)}
        subtitle={t(isSupplier ? m.agreementsSubtitleSupplier : m.agreementsSubtitleBuyer)}
        extra={
          isSupplier && can('catalog.agreements.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`${base}/agreements/new`)} data-testid="new-agreement">
              {t(m.newAgreement)}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <div className="filter-bar">
          <Segmented<StatusFilter>
            value={status}
            onChange={(v) => setParams(v === 'all' ? {} : { status: v }, { replace: true })}
            options={STATUSES.map((s) => ({ value: s, label: s === 'all' ? t(common.all) : t(label('agreementStatus_', s)) }))}
          />
        </div>
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<Agreement>
              size="small"
              rowKey="id"
              loading={list.loading}
              dataSource={items}
              pagination={false}
              data-testid="agreements-table"
              onRow={(a) => ({ onClick: () => navigate(`${base}/agreements/${a.id}`), className: 'clickable-row' })}
              columns={[
                { title: t(m.agreementCode), dataIndex: 'code', width: 210, render: (v: string, a) => <Link to={`${base}/agreements/${a.id}`} onClick={(e) => e.stopPropagation()} className="mono">{v}</Link> },
                { title: t(m.agreementTitle), dataIndex: 'title' },
                { title: isSupplier ? t(m.buyer) : t(m.supplier), key: 'party', render: (_, a) => (isSupplier ? a.buyerName : a.supplierName) },
                { title: t(m.validity), key: 'validity', width: 220, render: (_, a) => `${formatDate(a.validFrom)} — ${formatDate(a.validTo)}` },
                { title: t(common.status), dataIndex: 'status', width: 130, render: (s: string) => <AgreementStatusTag status={s} /> },
                { title: t(common.createdAt), dataIndex: 'createdAt', width: 120, render: (v: string) => formatDate(v) },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
    </div>
  );
}
