import { Card, Col, Row, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../platform/i18n.tsx';
import type { ImportReport } from './api.ts';
import { label, m } from './messages.ts';
import { serverMessage } from './server-messages.ts';

type Row = ImportReport['rows'][number];
const STATUS_COLORS: Record<string, string> = { created: 'green', updated: 'blue', error: 'red' };

/** The row-by-row report of an import: counts, then each row with its result and reasons. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const { t, lang } = useI18n();
  const [onlyFailed, setOnlyFailed] = useState(report.failed > 0);
  const rows = onlyFailed ? report.rows.filter((r) => r.status === 'error') : report.rows;
  return (
    <Card size="small" title={t(m.reportTitle)} data-testid="import-report" extra={
      <span className="switch-label">
        <Switch size="small" checked={onlyFailed} onChange={setOnlyFailed} /> {t(m.onlyFailed)}
      </span>
    }>
      <Row gutter={16} className="report-stats">
        <Col xs={12} md={6}>
          <Statistic title={t(m.reportTotal)} value={report.total} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t(m.reportCreated)} value={report.created} styles={{ content: { color: '#2fa36b' } }} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t(m.reportUpdated)} value={report.updated} styles={{ content: { color: '#1456c8' } }} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t(m.reportFailed)} value={report.failed} styles={{ content: { color: report.failed ? '#e5534b' : undefined } }} />
        </Col>
      </Row>
      <Table<Row>
        size="small"
        rowKey={(r) => `${r.row}:${r.key}`}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        rowClassName={(r) => (r.status === 'error' ? 'row-failed' : '')}
        columns={[
          { title: t(m.row), dataIndex: 'row', width: 70 },
          { title: t(m.rowKey), dataIndex: 'key', width: 220, render: (v: string) => <span className="mono">{v}</span> },
          { title: t(m.rowStatus), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={STATUS_COLORS[s] ?? 'default'}>{t(label('rowStatus_', s))}</Tag> },
          {
            title: t(m.rowErrors),
            key: 'errors',
            render: (_, r) =>
              r.errors?.length ? (
                <ul className="row-errors">
                  {r.errors.map((e, i) => (
                    <li key={i}>
                      <Typography.Text code>{e.column}</Typography.Text> {serverMessage(e.message, lang)}
                    </li>
                  ))}
                </ul>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}
