import type { ReactNode } from 'react';
import { PageHeader, type PageHeaderProps } from './PageHeader';
import './Page.css';

export interface PageProps extends PageHeaderProps {
  children: ReactNode;
  /** The whole width of the window, for a page that is mostly a wide table; else a readable width. */
  wide?: boolean;
}

/** The common shape of a section: its header, then its content, at a readable width. */
export function Page({ children, wide = false, ...header }: PageProps) {
  return (
    <div className={wide ? 'page page--wide' : 'page'}>
      <PageHeader {...header} />
      <div className="page__body">{children}</div>
    </div>
  );
}
