import type { ReactNode } from 'react';

/** Title line of a page (h1), with optional actions on the right. Plain markup: it is on every page, including the portal's first load. */
export function PageHeader({ title, extra, description }: { title: ReactNode; extra?: ReactNode; description?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1 className="page-title">{title}</h1>
        {description ? <p className="page-description">{description}</p> : null}
      </div>
      {extra ? <div className="page-header-extra">{extra}</div> : null}
    </div>
  );
}
