import { Tag } from 'antd';
import { useT } from '../../platform/i18n.tsx';
import { commonLabel } from '../../platform/messages.ts';

const COLORS: Record<string, string> = { draft: 'default', pending_review: 'processing', active: 'success', rejected: 'error', suspended: 'warning' };

export function OrgStatusTag({ status }: { status: string }) {
  const t = useT();
  return (
    <Tag color={COLORS[status] ?? 'default'} data-testid="org-status">
      {t(commonLabel('orgStatus_', status))}
    </Tag>
  );
}
