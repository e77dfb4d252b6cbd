import { useId, type ReactNode } from 'react';
import './Panel.css';

export interface PanelProps {
  /** A titled panel is a labelled region; an untitled one is only a visual grouping. */
  title?: string;
  actions?: ReactNode;
  /** Take the rest of the page's height and centre the content: for a page that is one empty state. */
  fill?: boolean;
  children: ReactNode;
  className?: string;
}

export function Panel({ title, actions, fill = false, children, className }: PanelProps) {
  const titleId = useId();
  const classes = ['panel', fill && 'panel--fill', className].filter(Boolean).join(' ');
  if (!title) return <div className={classes}>{children}</div>;
  return (
    <section className={classes} aria-labelledby={titleId}>
      <header className="panel__header">
        <h2 id={titleId} className="panel__title">
          {title}
        </h2>
        {actions ? <div className="panel__actions">{actions}</div> : null}
      </header>
      <div className="panel__body">{children}</div>
    </section>
  );
}
