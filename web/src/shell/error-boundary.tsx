import { Button, Result } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useT } from '../platform/i18n.tsx';
import { common } from '../platform/messages.ts';

function Fallback({ onRetry, compact }: { onRetry: () => void; compact: boolean }) {
  const t = useT();
  return (
    <Result
      status={compact ? 'warning' : 'error'}
      title={t(common.unexpectedTitle)}
      subTitle={compact ? undefined : t(common.unexpectedDetail)}
      extra={<Button onClick={onRetry}>{t(common.retry)}</Button>}
    />
  );
}

/** Keeps a crash in one page or dashboard card from blanking the whole app. */
export class ErrorBoundary extends Component<{ children: ReactNode; compact?: boolean; resetKey?: string }, { error: Error | null; key?: string }> {
  override state: { error: Error | null; key?: string } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey?: string }, state: { error: Error | null; key?: string }) {
    // Navigating elsewhere clears the error.
    if (props.resetKey !== state.key) return { error: null, key: props.resetKey };
    return null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  override render() {
    if (this.state.error) return <Fallback compact={Boolean(this.props.compact)} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
