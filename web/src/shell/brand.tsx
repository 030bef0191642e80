import { useT } from '../platform/i18n.tsx';
import { common } from '../platform/messages.ts';

export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#1456c8" />
      <path d="M21.5 11.2a7 7 0 1 0 0 9.6" fill="none" stroke="#fff" strokeWidth="3.2" strokeLinecap="round" />
      <circle cx="23" cy="16" r="2.2" fill="#f5a623" />
    </svg>
  );
}

export function Brand({ onClick }: { onClick?: () => void }) {
  const t = useT();
  return (
    <div className="brand" onClick={onClick} role={onClick ? 'button' : undefined}>
      <BrandMark />
      <span className="brand-name">{t(common.appName)}</span>
    </div>
  );
}
