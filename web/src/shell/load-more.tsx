import { Button, Typography } from 'antd';
import { useT } from '../platform/i18n.tsx';
import { common } from '../platform/messages.ts';
import type { CursorList } from '../platform/use-api.ts';

/** Under a cursor-paginated table: "load more" while there is a next cursor, else the count shown. */
export function LoadMore<T>({ list }: { list: CursorList<T> }) {
  const t = useT();
  if (!list.items.length) return null;
  return (
    <div className="load-more">
      {list.hasMore ? (
        <Button onClick={list.loadMore} loading={list.loadingMore} data-testid="load-more">
          {t(common.loadMore)}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t(common.shownCount, { n: list.items.length })}</Typography.Text>
      )}
    </div>
  );
}
