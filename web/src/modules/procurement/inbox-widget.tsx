import { Card, List, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../../platform/api.ts';
import { formatMoney } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { useApiData } from '../../platform/use-api.ts';
import { BASE } from './api.ts';
import { m } from './messages.ts';

/** Buyer home card: the approvals waiting for me. */
export default function InboxWidget() {
  const { t, lang } = useI18n();
  const inbox = useApiData((signal) => api.get('/procurement/approvals/inbox', { query: { limit: 5 }, signal }), []);
  const items = inbox.data?.items ?? [];
  return (
    <Card
      size="small"
      className="widget-card"
      title={`${t(m.widgetInbox)}${inbox.data ? ` · ${items.length}${inbox.data.nextCursor ? '+' : ''}` : ''}`}
      extra={<Link to={`${BASE}/approvals`}>{t(m.openInbox)}</Link>}
      loading={inbox.loading}
      data-testid="procurement-inbox-widget"
    >
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: t(m.widgetInboxEmpty) }}
        renderItem={(task) => (
          <List.Item extra={task.document ? formatMoney(task.document.amount, task.document.currency, lang) : null}>
            <div>
              <Link to={`${BASE}/requisitions/${task.documentId}`}>{task.document?.title ?? task.documentId}</Link>
              <Typography.Text type="secondary" className="cell-sub">
                {' '}
                {task.document?.number} · {task.document?.requesterName}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
