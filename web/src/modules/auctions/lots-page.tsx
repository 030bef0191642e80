import { Button, Card, Segmented, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useSession } from '../../platform/session.tsx';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { label, type LotRow } from './api.ts';
import { m } from './messages.ts';
import { KindTag, LotStatusTag, useWorkspace } from './parts.tsx';

type Scope = 'mine' | 'participating' | 'open' | 'all';

/** Lots by scope: the buyer's own, the ones the organisation takes part in, the ones it may join. */
export default function LotsPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const workspace = useWorkspace();
  const { can } = useSession();
  const scopes: Scope[] = workspace === 'operator' ? ['all'] : workspace === 'buyer' ? ['mine', 'participating', 'open'] : ['open', 'participating'];
  const [scope, setScope] = useState<Scope>(scopes[0]!);
  const list = useCursorList((cursor, signal) => api.get('/auctions/lots', { query: { scope, cursor, limit: 30 }, signal }), [scope]);
  const subtitle = workspace === 'buyer' ? m.lotsSubtitleBuyer : workspace === 'supplier' ? m.lotsSubtitleSupplier : m.lotsSubtitleOperator;
  return (
    <div className="page">
      <PageHeader
        title={t(m.lotsTitle)}
        subtitle={t(subtitle)}
        extra={
          workspace === 'buyer' && can('auctions.lots.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/buyer/auctions/lots/new`)} data-testid="new-lot">
              {t(m.newLot)}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        {scopes.length > 1 ? (
          <div className="filter-bar">
            <Segmented value={scope} onChange={(v) => setScope(v as Scope)} options={scopes.map((s) => ({ value: s, label: t(label('scope_', s)) }))} />
          </div>
        ) : null}
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<LotRow>
              size="middle"
              rowKey="id"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              locale={{ emptyText: t(m.noLots) }}
              rowClassName={() => 'clickable-row'}
              onRow={(r) => ({ onClick: () => navigate(`/${workspace}/auctions/lots/${r.id}`) })}
              data-testid="lots-table"
              columns={[
                { title: t(m.number), dataIndex: 'number', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
                { title: t(m.title), dataIndex: 'title' },
                { title: t(m.kind), dataIndex: 'kind', render: (k: string) => <KindTag kind={k} /> },
                { title: t(m.status), dataIndex: 'status', render: (s: string) => <LotStatusTag status={s} /> },
                { title: t(m.role), dataIndex: 'role', render: (r: string) => t(label('role_', r)) },
                { title: t(m.startPrice), dataIndex: 'startPrice', align: 'right', render: (v: string, r) => formatMoney(v, r.currency, lang) },
                { title: t(m.bestPrice), key: 'best', align: 'right', render: (_, r) => (r.bestPrice ? formatMoney(r.bestPrice, r.currency, lang) : r.me?.rank ? `#${r.me.rank}` : '—') },
                { title: t(m.endsAt), dataIndex: 'endsAt', render: (v: string) => formatDateTime(v) },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
    </div>
  );
}
