import type { NavPage } from '../app/navigation';
import { PageHeader } from '../components/PageHeader';
import { StatusPanel } from '../components/StatusPanel';

/** A signed-in page not built yet: its real title and what it will do (later phases replace it). */
export function PlaceholderPage({ page }: { page: NavPage }) {
  return (
    <>
      <PageHeader title={page.title} />
      <StatusPanel kind="info" title="本页面正在建设中" subTitle={page.summary} />
    </>
  );
}
