import type { ReactNode } from 'react';
import './PageHeader.css';

export interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  /** The id the main landmark is labelled by and the focus target after a section switch. */
  titleId?: string;
}

export function PageHeader({ title, description, actions, titleId = 'page-title' }: PageHeaderProps) {
  return (
    <header className="page-header">
      <div className="page-header__text">
        <h1 id={titleId} className="page-header__title" tabIndex={-1}>
          {title}
        </h1>
        {description ? <p className="page-header__description">{description}</p> : null}
      </div>
      {actions ? <div className="page-header__actions">{actions}</div> : null}
    </header>
  );
}
