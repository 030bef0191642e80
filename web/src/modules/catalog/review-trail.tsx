import { Empty, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import type { ProductDetail } from './api.ts';
import { label, m } from './messages.ts';

/** A product's review trail (上架审核记录): submissions with their material changes, decisions with notes. */
export function ReviewTrail({ reviews }: { reviews: NonNullable<ProductDetail['reviews']> }) {
  const { t } = useI18n();
  if (!reviews.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(m.noReviews)} />;
  const colors: Record<string, string> = { submitted: 'blue', approved: 'green', rejected: 'red' };
  return (
    <Timeline
      data-testid="review-trail"
      items={reviews.map((r) => ({
        color: colors[r.action] ?? 'gray',
        title: formatDateTime(r.occurredAt),
        content: (
          <div>
            <Typography.Text strong>{t(label('reviewAction_', r.action))}</Typography.Text>
            {r.changes?.length ? <div className="cell-sub">{t(m.changedFields, { fields: r.changes.map((c) => t(label('field_', c))).join(t(m.listSeparator)) })}</div> : null}
            {r.note ? <div>{r.note}</div> : null}
          </div>
        ),
      }))}
    />
  );
}
