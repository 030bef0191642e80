import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, isProblem } from '../../platform/api.ts';
import { formatDate, formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useProblemHandler } from '../../platform/problems.ts';
import { useSession } from '../../platform/session.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { LoadError, PageHeader, PageLoading } from '../../shell/page.tsx';
import type { AgreementItem } from './api.ts';
import { discountPercent, formatQty } from './decimal.ts';
import { m } from './messages.ts';
import { AgreementStatusTag, uomLabel } from './parts.tsx';
import { useCatalogBase, useWorkspace } from './search-results.tsx';
import './catalog.css';

type Command = 'confirm' | 'suspend' | 'resume' | 'terminate';
const NEXT: Record<string, Command[]> = { draft: ['confirm', 'terminate'], active: ['suspend', 'terminate'], suspended: ['resume', 'terminate'], terminated: [] };

/** One framework agreement: parties, validity, items with contract prices and caps, and its lifecycle. */
export default function AgreementPage() {
  const { t, lang } = useI18n();
  const { agreementId = '' } = useParams();
  const navigate = useNavigate();
  const { can, me } = useSession();
  const { message } = App.useApp();
  const handleProblem = useProblemHandler();
  const workspace = useWorkspace();
  const base = useCatalogBase();
  const [busy, setBusy] = useState<Command | null>(null);
  const data = useApiData((signal) => api.get('/catalog/agreements/{agreementId}', { params: { agreementId }, signal }), [agreementId, lang]);
  if (data.loading && !data.data) return <PageLoading />;
  if (!data.data) return <LoadError error={data.error} onRetry={data.reload} />;
  const a = data.data;
  const isBuyer = a.buyerOrgId === me?.organization.id && workspace === 'buyer';
  const manage = can('catalog.agreements.manage');
  // The buyer confirms; either side suspends, resumes or terminates.
  const commands = (NEXT[a.status] ?? []).filter((c) => manage && (c !== 'confirm' || isBuyer));

  const run = async (command: Command) => {
    setBusy(command);
    try {
      await api.post(`/catalog/agreements/{agreementId}/${command}`, { params: { agreementId }, body: { version: a.version } });
      void message.success(t(m[`agreementDone_${command}`]));
      data.reload();
    } catch (e) {
      if (isProblem(e) && e.status === 409) data.reload();
      handleProblem(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="page">
      <PageHeader
        back={<Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(`${base}/agreements`)} aria-label={t(m.backLabel)} />}
        title={
          <Space>
            {a.title}
            <AgreementStatusTag status={a.status} />
          </Space>
        }
        subtitle={<span className="mono">{a.code}</span>}
        extra={
          <Space wrap>
            {commands.map((c) => (
              <Popconfirm key={c} title={t(m[`agreementConfirmTitle_${c}`])} onConfirm={() => run(c)} okText={t(m[`agreementCommand_${c}`])} cancelText={t(m.cancel)}>
                <Button type={c === 'confirm' || c === 'resume' ? 'primary' : 'default'} danger={c === 'terminate'} loading={busy === c} data-testid={`agreement-${c}`}>
                  {t(m[`agreementCommand_${c}`])}
                </Button>
              </Popconfirm>
            ))}
          </Space>
        }
      />
      {a.status === 'draft' ? <Alert className="page-alert" type="warning" showIcon title={isBuyer ? t(m.buyerMustConfirm) : t(m.awaitingBuyer)} /> : null}
      <Card size="small" className="section-card">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'buyer', label: t(m.buyer), children: a.buyerName },
            { key: 'supplier', label: t(m.supplier), children: workspace === 'buyer' ? <Link to={`${base}/storefronts/${a.supplierOrgId}`}>{a.supplierName}</Link> : a.supplierName },
            { key: 'validity', label: t(m.validity), children: `${formatDate(a.validFrom)} — ${formatDate(a.validTo)}` },
            { key: 'confirmed', label: t(m.confirmedAt), children: formatDateTime(a.confirmedAt) },
            { key: 'created', label: t(m.createdAtLabel), children: formatDateTime(a.createdAt) },
            { key: 'note', label: t(m.note), children: a.note || '—' },
          ]}
        />
      </Card>
      <Card size="small" title={t(m.agreementItems)}>
        <Table<AgreementItem>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={a.items ?? []}
          data-testid="agreement-items"
          columns={[
            {
              title: t(m.product),
              key: 'product',
              render: (_, i) => (
                <div>
                  {workspace === 'buyer' && i.productId ? <Link to={`${base}/products/${i.productId}?sku=${i.skuId}`}>{i.productName}</Link> : i.productName}
                  <div className="cell-sub mono">{i.skuCode}</div>
                </div>
              ),
            },
            { title: t(m.uom), dataIndex: 'uom', width: 80, render: (u: string) => uomLabel(u, lang) },
            { title: t(m.listPrice), dataIndex: 'listPrice', align: 'right', render: (v: string) => formatMoney(v, 'CNY', lang) },
            { title: t(m.contractUnitPrice), dataIndex: 'unitPrice', align: 'right', render: (v: string) => <strong>{formatMoney(v, 'CNY', lang)}</strong> },
            { title: t(m.discount), key: 'discount', align: 'right', render: (_, i) => { const d = discountPercent(i.unitPrice, i.listPrice); return d ? <Typography.Text type="success">−{d}</Typography.Text> : '—'; } },
            { title: t(m.quantityCap), dataIndex: 'quantityCap', align: 'right', render: (v: string | null) => (v ? formatQty(v) : t(m.noCap)) },
            { title: t(m.usedQty), dataIndex: 'usedQty', align: 'right', render: (v: string) => formatQty(v) },
          ]}
        />
      </Card>
    </div>
  );
}
