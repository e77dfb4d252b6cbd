import type { ReactNode } from 'react';
import { PageHeader, type PageHeaderProps } from './PageHeader';
import './Page.css';

export interface PageProps extends PageHeaderProps {
  children: ReactNode;
}

/** The common shape of a section: its header, then its content, at a readable width. */
export function Page({ children, ...header }: PageProps) {
  return (
    <div className="page">
      <PageHeader {...header} />
      <div className="page__body">{children}</div>
    </div>
  );
}
