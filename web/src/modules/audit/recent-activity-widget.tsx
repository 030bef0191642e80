import { HistoryOutlined } from '@ant-design/icons';
import { Card, List, Typography } from 'antd';
import { Link, useLocation } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatRelative, formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { actionLabel, targetTypeLabel } from './labels.tsx';
import { m } from './messages.ts';

/** Home card: the organisation's latest audit entries. */
export default function RecentActivityWidget() {
  const { t, lang } = useI18n();
  const party = useLocation().pathname.split('/')[1] ?? '';
  const data = useApiData(() => api.get('/audit-log', { query: { limit: 6 } }), [lang]);
  return (
    <Card
      size="small"
      title={
        <span>
          <HistoryOutlined /> {t(m.recent)}
        </span>
      }
      extra={<Link to={`/${party}/audit`}>{t(m.viewAll)}</Link>}
      loading={data.loading}
      className="widget-card"
    >
      <List
        size="small"
        dataSource={data.data?.items ?? []}
        locale={{ emptyText: t(m.empty) }}
        renderItem={(e) => (
          <List.Item extra={<Typography.Text type="secondary" title={formatDateTime(e.occurredAt, true)}>{formatRelative(e.occurredAt)}</Typography.Text>}>
            <span>
              {actionLabel(e.action, t)} <Typography.Text type="secondary">· {targetTypeLabel(e.targetType, t)}</Typography.Text>
            </span>
          </List.Item>
        )}
      />
    </Card>
  );
}
