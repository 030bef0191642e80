import { Tag } from 'antd';
import { useLocation } from 'react-router-dom';
import { useI18n } from '../../platform/i18n.tsx';
import { label, LOT_STATUS_COLORS } from './api.ts';

export function LotStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Tag color={LOT_STATUS_COLORS[status] ?? 'default'} data-testid={`lot-status-${status}`}>
      {t(label('status_', status))}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: string }) {
  const { t } = useI18n();
  return <Tag color={kind === 'reverse' ? 'blue' : 'purple'}>{t(label('kind_', kind))}</Tag>;
}

/** The workspace the page is shown in (auction pages serve every party). */
export function useWorkspace(): 'buyer' | 'supplier' | 'operator' {
  const first = useLocation().pathname.split('/')[1];
  return first === 'supplier' ? 'supplier' : first === 'operator' ? 'operator' : 'buyer';
}

export function newKey(): string {
  return `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
