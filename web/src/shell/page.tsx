import { Button, Result, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { isProblem } from '../platform/api.ts';
import { useT } from '../platform/i18n.tsx';
import { common } from '../platform/messages.ts';

/** The title bar of a workspace page: title, optional subtitle and actions on the right. */
export function PageHeader({ title, subtitle, extra, back }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode; back?: ReactNode }) {
  return (
    <div className="page-header">
      <div className="page-header-main">
        {back}
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {subtitle ? <Typography.Text type="secondary">{subtitle}</Typography.Text> : null}
        </div>
      </div>
      {extra ? <div className="page-header-extra">{extra}</div> : null}
    </div>
  );
}

export function PageLoading() {
  return (
    <div style={{ padding: 24 }}>
      <Skeleton active paragraph={{ rows: 6 }} />
    </div>
  );
}

export function NotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title={t(common.notFoundTitle)}
      subTitle={t(common.notFoundDetail)}
      extra={
        <Link to="/">
          <Button type="primary">{t(common.back)}</Button>
        </Link>
      }
    />
  );
}

export function Forbidden() {
  const t = useT();
  return <Result status="403" title={t(common.forbiddenTitle)} subTitle={t(common.forbiddenDetail)} />;
}

/** A failed load: the problem's title and detail, and a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const title = isProblem(error) ? error.title : t(common.loadFailed);
  const detail = isProblem(error) ? error.detail : t(common.unexpectedDetail);
  if (isProblem(error) && error.status === 404) return <NotFound />;
  if (isProblem(error) && error.status === 403) return <Forbidden />;
  return (
    <Result
      status="warning"
      title={title}
      subTitle={detail}
      extra={onRetry ? <Button onClick={onRetry}>{t(common.retry)}</Button> : null}
    />
  );
}
