import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tabs, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api } from '../../platform/api.ts';
import { formatDate, formatDateTime, formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { common } from '../../platform/messages.ts';
import { useProblemHandler } from '../../platform/problems.ts';
import { useApiData, useCursorList } from '../../platform/use-api.ts';
import { LoadMore } from '../../shell/load-more.tsx';
import { LoadError, PageHeader } from '../../shell/page.tsx';
import { fileToBase64, label, type StatementLine, type StatementReport, type StatementRow } from './api.ts';
import { m } from './messages.ts';
import { LineStatusTag } from './parts.tsx';

/** Platform finance: bank statement import with its matching report, and the suspense queue. */
export default function StatementsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [selected, setSelected] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const statements = useCursorList((cursor, signal) => api.get('/platform/bank-statements', { query: { cursor, limit: 20 }, signal }), []);
  const [tab, setTab] = useState('statements');
  const [suspenseTick, setSuspenseTick] = useState(0);

  const upload = async (file: File) => {
    setImporting(true);
    try {
      const report = await api.post('/platform/bank-statements', { body: { filename: file.name, content: await fileToBase64(file) } });
      const s = report.statement;
      if (report.alreadyImported) void message.info(t(m.alreadyImported));
      else void message.success(t(m.imported, { matched: s.matchedCount, unmatched: s.unmatchedCount, duplicate: s.duplicateCount }));
      setSelected(s.id);
      statements.reload();
      setSuspenseTick((n) => n + 1);
    } catch (error) {
      onProblem(error);
    } finally {
      setImporting(false);
    }
    return false;
  };

  return (
    <div className="page">
      <PageHeader
        title={t(m.statementsTitle)}
        subtitle={t(m.statementsSubtitle)}
        extra={
          <Upload accept=".csv,text/csv" showUploadList={false} beforeUpload={(file) => void upload(file) as never} data-testid="statement-upload">
            <Button type="primary" icon={<UploadOutlined />} loading={importing}>
              {t(m.importStatement)}
            </Button>
          </Upload>
        }
      />
      <Typography.Paragraph type="secondary">{t(m.importHint)}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'statements',
            label: t(m.statementsTitle),
            children: (
              <Space direction="vertical" size={16} style={{ width: '100%' }}>
                <Card size="small">
                  {statements.error && !statements.items.length ? (
                    <LoadError error={statements.error} onRetry={statements.reload} />
                  ) : (
                    <>
                      <Table<StatementRow>
                        size="small"
                        rowKey="id"
                        loading={statements.loading}
                        dataSource={statements.items}
                        pagination={false}
                        rowClassName={(r) => (r.id === selected ? 'ant-table-row-selected clickable-row' : 'clickable-row')}
                        onRow={(r) => ({ onClick: () => setSelected(r.id) })}
                        data-testid="statements-table"
                        columns={[
                          { title: t(common.createdAt), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
                          { title: t(m.filename), dataIndex: 'filename' },
                          { title: t(m.encoding), dataIndex: 'encoding', width: 90 },
                          { title: t(m.lineCount), dataIndex: 'lineCount', width: 80, align: 'right' },
                          { title: t(label('lineStatus_', 'matched')), dataIndex: 'matchedCount', width: 90, align: 'right' },
                          { title: t(label('lineStatus_', 'unmatched')), dataIndex: 'unmatchedCount', width: 90, align: 'right' },
                          { title: t(label('lineStatus_', 'duplicate')), dataIndex: 'duplicateCount', width: 90, align: 'right' },
                          { title: t(m.amount), dataIndex: 'totalAmount', width: 150, align: 'right', render: (v: string) => formatMoney(v) },
                        ]}
                      />
                      <LoadMore list={statements} />
                    </>
                  )}
                </Card>
                {selected ? <Report statementId={selected} onMatched={() => setSuspenseTick((n) => n + 1)} /> : null}
              </Space>
            ),
          },
          { key: 'suspense', label: t(m.suspenseQueue), children: <Suspense tick={suspenseTick} /> },
        ]}
      />
    </div>
  );
}

function Report({ statementId, onMatched }: { statementId: string; onMatched: () => void }) {
  const { t } = useI18n();
  const report = useApiData<StatementReport>((signal) => api.get('/platform/bank-statements/{statementId}', { params: { statementId }, signal }), [statementId]);
  if (report.error) return <LoadError error={report.error} onRetry={report.reload} />;
  return (
    <Card size="small" title={`${t(m.statementLines)} · ${report.data?.statement.filename ?? ''}`}>
      <LinesTable
        lines={report.data?.lines ?? []}
        loading={report.loading}
        onMatched={() => {
          report.reload();
          onMatched();
        }}
      />
    </Card>
  );
}

function Suspense({ tick }: { tick: number }) {
  const list = useCursorList((cursor, signal) => api.get('/platform/bank-statement-lines', { query: { cursor, limit: 50, status: 'unmatched' }, signal }), [tick]);
  if (list.error && !list.items.length) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <Card size="small">
      <LinesTable lines={list.items} loading={list.loading} onMatched={list.reload} />
      <LoadMore list={list} />
    </Card>
  );
}

function LinesTable({ lines, loading, onMatched }: { lines: StatementLine[]; loading: boolean; onMatched: () => void }) {
  const { t, lang } = useI18n();
  const [matching, setMatching] = useState<StatementLine | null>(null);
  return (
    <>
      <Table<StatementLine>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={lines}
        pagination={false}
        data-testid="statement-lines"
        columns={[
          { title: '#', dataIndex: 'lineNo', width: 50 },
          { title: t(m.valueDate), dataIndex: 'valueDate', width: 110, render: (v: string) => formatDate(v) },
          { title: t(m.amount), dataIndex: 'amount', width: 130, align: 'right', render: (v: string, l) => formatMoney(v, l.currency, lang) },
          {
            title: t(m.payer),
            key: 'payer',
            render: (_, l) => (
              <div>
                <div>{l.payerName ?? '—'}</div>
                <div className="cell-sub mono">{l.payerAccount}</div>
              </div>
            ),
          },
          { title: t(m.bankReference), dataIndex: 'bankReference', width: 150, render: (v: string) => <span className="mono">{v}</span> },
          { title: t(m.remittance), dataIndex: 'remittanceInfo' },
          { title: t(common.status), dataIndex: 'status', width: 90, render: (s: string) => <LineStatusTag status={s} /> },
          {
            title: t(m.matchedTo),
            key: 'matched',
            width: 220,
            render: (_, l) =>
              l.status === 'unmatched' ? (
                <Button size="small" onClick={() => setMatching(l)} data-testid={`match-${l.id}`}>
                  {t(m.matchByHand)}
                </Button>
              ) : l.matchedId ? (
                <span>
                  {t(label('matchType_', l.matchedType))} <span className="mono">{l.matchedId}</span>
                </span>
              ) : (
                <span className="cell-sub">{t(label('note_', l.status))}</span>
              ),
          },
        ]}
      />
      <MatchModal
        line={matching}
        onClose={() => setMatching(null)}
        onDone={() => {
          setMatching(null);
          onMatched();
        }}
      />
    </>
  );
}

function MatchModal({ line, onClose, onDone }: { line: StatementLine | null; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const [form] = Form.useForm<{ type: 'order' | 'invoice'; id: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async (values: { type: 'order' | 'invoice'; id: string }) => {
    if (!line) return;
    setSaving(true);
    try {
      await api.post('/platform/bank-statement-lines/{lineId}/match', { params: { lineId: line.id }, body: { type: values.type, id: values.id.trim() } });
      void message.success(t(m.matchedDone));
      onDone();
    } catch (error) {
      onProblem(error, form, { rename: { '/amount': ['id'] } });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={line !== null} title={t(m.matchByHand)} onCancel={onClose} onOk={() => form.submit()} okText={t(common.confirm)} cancelText={t(common.cancel)} confirmLoading={saving} destroyOnHidden>
      {line ? (
        <Typography.Paragraph>
          {formatMoney(line.amount, line.currency, lang)} · {line.payerName ?? '—'} · <span className="mono">{line.bankReference}</span>
          <br />
          {line.remittanceInfo}
        </Typography.Paragraph>
      ) : null}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ type: 'order' }}>
        <Form.Item name="type" label={t(m.matchType)} rules={[{ required: true }]}>
          <Select options={(['order', 'invoice'] as const).map((v) => ({ value: v, label: t(label('matchType_', v)) }))} />
        </Form.Item>
        <Form.Item name="id" label={t(m.matchId)} rules={[{ required: true, whitespace: true }, { max: 64 }]}>
          <Input className="mono" placeholder="po_… / inv_…" data-testid="match-id" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
