import type { ReactNode } from 'react';
import './EmptyState.css';

export interface EmptyStateProps {
  icon: ReactNode;
  title: string;
  /** What to do next, in one or two sentences. */
  children: ReactNode;
  actions?: ReactNode;
  /** Small print under the actions, e.g. why an action is unavailable. */
  note?: ReactNode;
  className?: string;
}

/** What a section shows before it has anything to show: what it is for and the next step. */
export function EmptyState({ icon, title, children, actions, note, className }: EmptyStateProps) {
  return (
    <div className={['empty-state', className].filter(Boolean).join(' ')}>
      <div className="empty-state__icon">{icon}</div>
      <h2 className="empty-state__title">{title}</h2>
      <div className="empty-state__body">{children}</div>
      {actions ? <div className="empty-state__actions">{actions}</div> : null}
      {note ? <p className="empty-state__note">{note}</p> : null}
    </div>
  );
}
