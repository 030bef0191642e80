import { Button, Card, Drawer, Input, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../platform/api.ts';
import { formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useSession } from '../../platform/session.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { label, type Balance, type Posting } from './api.ts';
import { m } from './messages.ts';

/** Finance users' books: balances of the organisation's accounts and each account's statement. */
export default function LedgerPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const platformReader = can('platform.ledger.read');
  const [owner, setOwner] = useState<string | undefined>(undefined);
  const balances = useApiData((signal) => api.get('/ledger/balances', { query: { owner }, signal }), [owner]);
  const trial = useApiData((signal) => (platformReader ? api.get('/platform/ledger/trial-balance', { signal }) : Promise.resolve(undefined)), [platformReader]);
  const [account, setAccount] = useState<Balance | null>(null);

  return (
    <div className="page">
      <PageHeader
        title={t(m.ledgerTitle)}
        subtitle={t(m.ledgerSubtitle)}
        extra={
          platformReader ? (
            <Input.Search allowClear placeholder={t(m.ownerHint)} style={{ width: 320 }} maxLength={64} onSearch={(v) => setOwner(v.trim() || undefined)} data-testid="ledger-owner" />
          ) : null
        }
      />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {trial.data ? (
          <Card size="small" data-testid="trial-balance">
            <Space size={32}>
              <Statistic title={t(m.trialBalance)} value={trial.data.balances.CNY ?? '0'} />
              <Tag color={trial.data.balanced ? 'success' : 'error'}>{t(trial.data.balanced ? m.balanced : m.unbalanced)}</Tag>
            </Space>
          </Card>
        ) : null}
        <Card size="small">
          {balances.error ? (
            <LoadError error={balances.error} onRetry={balances.reload} />
          ) : (
            <Table<Balance>
              size="middle"
              rowKey="accountId"
              loading={balances.loading}
              dataSource={balances.data?.items ?? []}
              pagination={false}
              locale={{ emptyText: t(m.noAccounts) }}
              rowClassName={() => 'clickable-row'}
              onRow={(a) => ({ onClick: () => setAccount(a) })}
              data-testid="balances-table"
              columns={[
                {
                  title: t(m.account),
                  key: 'purpose',
                  render: (_, a) => (
                    <div>
                      <Typography.Text strong>{t(label('purpose_', a.purpose))}</Typography.Text>
                      <div className="cell-sub mono">{a.owner}</div>
                    </div>
                  ),
                },
                { title: t(m.balance), dataIndex: 'balance', align: 'right', width: 180, render: (v: string, a) => formatMoney(v, a.currency, lang) },
                { title: t(m.held), dataIndex: 'held', align: 'right', width: 150, render: (v: string, a) => formatMoney(v, a.currency, lang) },
                { title: t(m.availableBalance), dataIndex: 'available', align: 'right', width: 180, render: (v: string, a) => formatMoney(v, a.currency, lang) },
                { title: '', key: 'go', width: 100, render: () => <Button type="link">{t(m.statement)}</Button> },
              ]}
            />
          )}
        </Card>
      </Space>
      <Drawer open={account !== null} width={880} title={account ? `${t(m.statement)} · ${t(label('purpose_', account.purpose))}` : ''} onClose={() => setAccount(null)} destroyOnHidden>
        {account ? <AccountStatement account={account} /> : null}
      </Drawer>
    </div>
  );
}

/** The entry kind in the reader's language (`….reversal` marked), or null for kinds of other modules. */
function kindLabel(kind: string): readonly [string, string] | null {
  const base = kind.replace(/\.reversal$/, '');
  const msg = (m as Record<string, readonly [string, string]>)[`kind_${base}`];
  if (!msg) return null;
  return base === kind ? msg : [`${msg[0]}（冲销）`, `${msg[1]} (reversal)`];
}

function AccountStatement({ account }: { account: Balance }) {
  const { t, lang } = useI18n();
  const [more, setMore] = useState<Posting[]>([]);
  const [next, setNext] = useState<number | null | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const first = useApiData(async (signal) => {
    const page = await api.get('/ledger/accounts/{accountId}/statement', { params: { accountId: account.accountId }, query: { limit: 100 }, signal });
    setMore([]);
    setNext(page.nextBefore);
    return page;
  }, [account.accountId]);
  if (first.error) return <LoadError error={first.error} onRetry={first.reload} />;
  const items = [...(first.data?.items ?? []), ...more];
  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    try {
      const page = await api.get('/ledger/accounts/{accountId}/statement', { params: { accountId: account.accountId }, query: { limit: 100, before: next } });
      setMore((current) => [...current, ...page.items]);
      setNext(page.nextBefore);
    } finally {
      setLoadingMore(false);
    }
  };
  return (
    <>
      <Space size={32} style={{ marginBottom: 16 }}>
        <Statistic title={t(m.balance)} value={formatMoney(account.balance, account.currency, lang)} />
        <Statistic title={t(m.availableBalance)} value={formatMoney(account.available, account.currency, lang)} />
      </Space>
      <Table<Posting>
        size="small"
        rowKey="postingId"
        loading={first.loading}
        dataSource={items}
        pagination={false}
        data-testid="statement-table"
        columns={[
          { title: t(m.occurredAt), dataIndex: 'occurredAt', width: 150, render: (v: string) => formatDateTime(v) },
          {
            title: t(m.memo),
            key: 'memo',
            render: (_, p) => (
              <div>
                <div>{kindLabel(p.kind) ? t(kindLabel(p.kind)!) : (p.memo ?? p.kind)}</div>
                <div className="cell-sub">{p.memo}</div>
              </div>
            ),
          },
          { title: t(m.debit), dataIndex: 'debit', align: 'right', width: 130, render: (v: string) => (v === '0.00' ? '' : formatMoney(v, account.currency, lang)) },
          { title: t(m.credit), dataIndex: 'credit', align: 'right', width: 130, render: (v: string) => (v === '0.00' ? '' : formatMoney(v, account.currency, lang)) },
        ]}
      />
      {next ? (
        <div className="load-more">
          <Button onClick={() => void loadMore()} loading={loadingMore}>
            {t(common.loadMore)}
          </Button>
        </div>
      ) : null}
    </>
  );
}
