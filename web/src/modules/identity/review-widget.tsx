import { Card, Col, List, Row, Statistic, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { Chart } from '../../platform/chart.tsx';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { commonLabel } from '../../platform/messages.ts';
import { useApiData } from '../../platform/use-api.ts';
import { m } from './messages.ts';

const STATUSES = ['pending_review', 'active', 'rejected', 'suspended', 'draft'] as const;

/** Operator home card: registrations awaiting review and organisations by status. */
export default function ReviewQueueWidget() {
  const { t } = useI18n();
  const data = useApiData(
    () =>
      Promise.all(
        STATUSES.map((status) => api.get('/platform/organizations', { query: { status, limit: 100 } }).then((page) => ({ status, page }))),
      ),
    [],
  );
  const pending = data.data?.find((d) => d.status === 'pending_review')?.page;
  const count = (page: { items: unknown[]; nextCursor: string | null } | undefined) => (page ? page.items.length : 0);
  const label = (page: { items: unknown[]; nextCursor: string | null } | undefined) => (page ? `${page.items.length}${page.nextCursor ? '+' : ''}` : '—');
  return (
    <Card size="small" title={t(m.pendingCount)} extra={<Link to="/operator/organizations">{t(m.viewQueue)}</Link>} loading={data.loading} className="widget-card" data-testid="review-widget">
      <Row gutter={16}>
        <Col xs={24} md={9}>
          <Statistic title={t(m.pendingCount)} value={label(pending)} />
          <List
            size="small"
            dataSource={pending?.items.slice(0, 5) ?? []}
            locale={{ emptyText: t(m.pendingEmpty) }}
            renderItem={(org) => (
              <List.Item>
                <Link to={`/operator/organizations/${org.id}`}>{org.name}</Link>
                <Typography.Text type="secondary" className="cell-sub">
                  {formatDateTime(org.submittedAt)}
                </Typography.Text>
              </List.Item>
            )}
          />
        </Col>
        <Col xs={24} md={15}>
          <Typography.Text type="secondary">{t(m.orgsByStatus)}</Typography.Text>
          <Chart
            height={220}
            option={{
              tooltip: { trigger: 'axis' },
              grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
              xAxis: { type: 'category', data: STATUSES.map((s) => t(commonLabel('orgStatus_', s))), axisTick: { show: false } },
              yAxis: { type: 'value', minInterval: 1 },
              series: [{ type: 'bar', barMaxWidth: 36, data: STATUSES.map((s) => count(data.data?.find((d) => d.status === s)?.page)) }],
            }}
          />
        </Col>
      </Row>
    </Card>
  );
}
