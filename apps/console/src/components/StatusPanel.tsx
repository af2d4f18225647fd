import type { ReactNode } from 'react';

/**
 * A full-width status message (error, 403, 404, under construction) — a light stand-in for antd's
 * Result, whose illustrations would add ~10 KB gz to the portal's first load (see bench:console).
 */
export function StatusPanel({ kind, title, subTitle, extra }: { kind: 'error' | 'warning' | 'info' | '403' | '404'; title: ReactNode; subTitle?: ReactNode; extra?: ReactNode }) {
  const mark = kind === '403' ? '403' : kind === '404' ? '404' : kind === 'info' ? 'i' : '!';
  return (
    <div className={`status-panel status-${kind}`} role={kind === 'error' || kind === 'warning' ? 'alert' : undefined}>
      <div className="status-mark" aria-hidden="true">{mark}</div>
      <div className="status-title">{title}</div>
      {subTitle ? <div className="status-sub">{subTitle}</div> : null}
      {extra ? <div className="status-extra">{extra}</div> : null}
    </div>
  );
}
