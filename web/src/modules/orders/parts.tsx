import { Tag } from 'antd';
import { useLocation } from 'react-router-dom';
import { useI18n } from '../../platform/i18n.tsx';
import { label, STATUS_COLORS } from './api.ts';

export function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid={`order-status-${status}`}>
      {t(label('status_', status))}
    </Tag>
  );
}

/** The workspace the page is shown in: orders pages serve buyers and suppliers alike. */
export function useParty(): 'buyer' | 'supplier' {
  return useLocation().pathname.startsWith('/supplier') ? 'supplier' : 'buyer';
}

export function newKey(): string {
  return `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Quantities as the API sends them (decimal strings), trimmed of trailing zeros. */
export function qtyText(q: string): string {
  return q.includes('.') ? q.replace(/\.?0+$/, '') : q;
}
