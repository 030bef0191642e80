import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Drawer, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, type ApiResponse } from '../../platform/api.ts';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useMe, useSession } from '../../platform/session.tsx';
import { useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { MODULES } from '../../modules.ts';
import { ActionCell, actionLabel, actorTypeLabel, shortId, targetTypeLabel, type AuditEntry } from './labels.tsx';
import { m } from './messages.ts';

type ChainReport = ApiResponse<'/platform/audit-log/verify', 'post'>;
const FILTERS = ['action', 'targetType', 'targetId', 'orgId'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/** The audit log: filters, newest first with "load more", entry detail with hashes, chain verification. */
export default function AuditLogPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const handleProblem = useProblemHandler();
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined]).filter(([, v]) => v));
  const [form] = Form.useForm<Filters>();
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const [report, setReport] = useState<ChainReport | null>(null);
  const [verifying, setVerifying] = useState(false);
  const platformWide = can('platform.audit.read');

  const list = useCursorList((cursor, signal) => api.get('/audit-log', { query: { ...filters, cursor, limit: 50 }, signal }), [params.toString()]);

  const apply = (values: Filters) => {
    const next = new URLSearchParams();
    for (const f of FILTERS) {
      const v = values[f]?.trim();
      if (v) next.set(f, v);
    }
    setParams(next, { replace: true });
  };

  const verify = async () => {
    setVerifying(true);
    try {
      setReport(await api.post('/platform/audit-log/verify'));
      list.reload();
    } catch (e) {
      handleProblem(e);
    } finally {
      setVerifying(false);
    }
  };

  const actionOptions = MODULES.flatMap((mod) => Object.keys(mod.labels?.auditActions ?? {}))
    .sort()
    .map((code) => ({ value: code, label: `${actionLabel(code, t)} · ${code}` }));
  const targetOptions = MODULES.flatMap((mod) => Object.keys(mod.labels?.targetTypes ?? {}))
    .sort()
    .map((code) => ({ value: code, label: `${targetTypeLabel(code, t)} · ${code}` }));

  return (
    <div className="page">
      <PageHeader
        title={t(m.title)}
        subtitle={platformWide ? t(m.subtitlePlatform) : t(m.subtitleOrg)}
        extra={
          can('platform.audit.verify') ? (
            <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()} data-testid="verify-chain">
              {t(m.verify)}
            </Button>
          ) : null
        }
      />
      {report ? (
        <Alert
          type={report.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => setReport(null) }}
          title={report.ok ? t(m.verifyOk) : t(m.verifyBroken)}
          description={
            report.ok || !report.firstBroken
              ? t(m.verifyOkDetail, { checked: report.checked, lastSeq: report.lastSeq ?? '—' })
              : t(m.verifyBrokenDetail, { seq: report.firstBroken.seq, reason: report.firstBroken.reason, checked: report.checked })
          }
          style={{ marginBottom: 16 }}
          data-testid="verify-result"
        />
      ) : null}
      <Card size="small">
        <Form form={form} layout="inline" className="filter-form" initialValues={filters} onFinish={apply} key={params.toString()}>
          <Form.Item name="action" label={t(m.action)}>
            <Select allowClear showSearch options={actionOptions} placeholder={t(m.actionPlaceholder)} style={{ width: 260 }} popupMatchSelectWidth={false} />
          </Form.Item>
          <Form.Item name="targetType" label={t(m.targetType)}>
            <Select allowClear showSearch options={targetOptions} style={{ width: 170 }} popupMatchSelectWidth={false} />
          </Form.Item>
          <Form.Item name="targetId" label={t(m.targetId)}>
            <Input allowClear style={{ width: 200 }} className="mono" />
          </Form.Item>
          {platformWide ? (
            <Form.Item name="orgId" label={t(m.orgId)}>
              <Input allowClear style={{ width: 200 }} className="mono" />
            </Form.Item>
          ) : null}
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t(common.search)}
              </Button>
              <Button onClick={() => apply({})}>{t(common.reset)}</Button>
            </Space>
          </Form.Item>
        </Form>
        {list.error && !list.items.length ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <>
            <Table<AuditEntry>
              size="small"
              rowKey="seq"
              loading={list.loading}
              dataSource={list.items}
              pagination={false}
              data-testid="audit-table"
              onRow={(entry) => ({ onClick: () => setSelected(entry), className: 'clickable-row' })}
              locale={{ emptyText: t(m.empty) }}
              columns={[
                { title: t(m.seq), dataIndex: 'seq', width: 70, render: (v: number) => <span className="mono">#{v}</span> },
                { title: t(m.time), dataIndex: 'occurredAt', width: 165, render: (v: string) => formatDateTime(v, true) },
                { title: t(m.action), dataIndex: 'action', render: (v: string) => <ActionCell action={v} t={t} /> },
                { title: t(m.actor), key: 'actor', width: 170, render: (_, e) => <ActorCell entry={e} /> },
                {
                  title: t(m.target),
                  key: 'target',
                  width: 190,
                  render: (_, e) => (
                    <div>
                      {targetTypeLabel(e.targetType, t)}
                      <div className="cell-sub mono">{shortId(e.targetId)}</div>
                    </div>
                  ),
                },
                ...(platformWide ? [{ title: t(m.organization), dataIndex: 'orgId', width: 150, render: (v: string | null) => <span className="mono cell-sub">{shortId(v)}</span> }] : []),
                { title: t(m.hash), dataIndex: 'hash', width: 110, render: (v: string) => <span className="mono cell-sub">{v.slice(0, 10)}…</span> },
              ]}
            />
            <LoadMore list={list} />
          </>
        )}
      </Card>
      <EntryDrawer entry={selected} onClose={() => setSelected(null)} />
    </div>
  );
}

function ActorCell({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  const me = useMe();
  return (
    <div>
      {actorTypeLabel(entry.actorType, t)}
      {entry.actorId === me.user.id ? <Typography.Text type="secondary">{t(m.meSuffix)}</Typography.Text> : null}
      <div className="cell-sub mono">{shortId(entry.actorId)}</div>
    </div>
  );
}

function EntryDrawer({ entry, onClose }: { entry: AuditEntry | null; onClose: () => void }) {
  const { t } = useI18n();
  const mono = (v: string | null) => (v ? <Typography.Text className="mono" copyable={{ text: v, tooltips: [t(common.copy), t(common.copied)] }}>{v}</Typography.Text> : '—');
  return (
    <Drawer open={Boolean(entry)} onClose={onClose} size={640} title={entry ? t(m.entryTitle, { seq: entry.seq }) : ''} data-testid="audit-entry">
      {entry ? (
        <>
          <Descriptions
            size="small"
            column={1}
            bordered
            styles={{ label: { width: 140 } }}
            items={[
              { key: 'seq', label: t(m.seq), children: <span className="mono">#{entry.seq}</span> },
              { key: 'time', label: t(m.time), children: formatDateTime(entry.occurredAt, true) },
              { key: 'action', label: t(m.action), children: <ActionCell action={entry.action} t={t} /> },
              { key: 'actor', label: t(m.actor), children: <span>{actorTypeLabel(entry.actorType, t)} {mono(entry.actorId)}</span> },
              { key: 'actorOrg', label: t(m.actorOrg), children: mono(entry.actorOrgId) },
              { key: 'target', label: t(m.target), children: <span>{targetTypeLabel(entry.targetType, t)} {mono(entry.targetId)}</span> },
              { key: 'org', label: t(m.organization), children: mono(entry.orgId) },
              { key: 'request', label: t(m.requestId), children: mono(entry.requestId) },
              { key: 'ip', label: t(m.ip), children: entry.ip ?? '—' },
              { key: 'data', label: t(m.data), children: <pre className="json-block">{JSON.stringify(entry.data, null, 2)}</pre> },
              { key: 'prev', label: t(m.prevHash), children: <span className="hash">{mono(entry.prevHash)}</span> },
              { key: 'hash', label: t(m.hash), children: <span className="hash">{mono(entry.hash)}</span> },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            {t(m.chainHint)}
          </Typography.Paragraph>
        </>
      ) : null}
    </Drawer>
  );
}
