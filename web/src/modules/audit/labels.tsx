import { Typography } from 'antd';
import type { ApiResponse } from '../../platform/api.ts';
import type { Msg } from '../../platform/i18n.tsx';
import { codeLabel } from '../../shell/labels.ts';
import { m } from './messages.ts';

export type AuditEntry = ApiResponse<'/audit-log'>['items'][number];

export function actionLabel(code: string, t: (msg: Msg) => string): string {
  const label = codeLabel('auditActions', code);
  return label ? t(label) : code;
}

export function targetTypeLabel(code: string, t: (msg: Msg) => string): string {
  const label = codeLabel('targetTypes', code);
  return label ? t(label) : code;
}

export function actorTypeLabel(code: string, t: (msg: Msg) => string): string {
  const msg = (m as Record<string, Msg>)[`actorType_${code}`];
  return msg ? t(msg) : code;
}

/** The action's name with its code underneath (codes are what filters take). */
export function ActionCell({ action, t }: { action: string; t: (msg: Msg) => string }) {
  const label = actionLabel(action, t);
  return (
    <div>
      <Typography.Text>{label}</Typography.Text>
      {label !== action ? <div className="cell-sub mono">{action}</div> : null}
    </div>
  );
}

export function shortId(id: string | null | undefined): string {
  if (!id) return '—';
  return id.length > 14 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}
