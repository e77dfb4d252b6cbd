import type { AriaRole, ReactNode } from 'react';
import { CheckCircleIcon, ErrorCircleIcon, InfoIcon, WarningIcon } from './Icon';
import './Banner.css';

export type BannerTone = 'info' | 'success' | 'warning' | 'danger';

const toneIcons: Record<BannerTone, ReactNode> = {
  info: <InfoIcon />,
  success: <CheckCircleIcon />,
  warning: <WarningIcon />,
  danger: <ErrorCircleIcon />,
};

export interface BannerProps {
  tone: BannerTone;
  /** A few words that say what this is about; the body says what it means and what to do. */
  title?: string;
  children: ReactNode;
  actions?: ReactNode;
  /** `alert` for a failure the user just caused, `status` for news; none for standing facts. */
  role?: AriaRole;
  className?: string;
}

/** A message that belongs to a page or panel rather than one control: tone, icon and words together. */
export function Banner({ tone, title, children, actions, role, className }: BannerProps) {
  return (
    <div className={['banner', `banner--${tone}`, className].filter(Boolean).join(' ')} role={role}>
      <span className="banner__icon">{toneIcons[tone]}</span>
      <div className="banner__content">
        {title ? <p className="banner__title">{title}</p> : null}
        <div className="banner__body">{children}</div>
      </div>
      {actions ? <div className="banner__actions">{actions}</div> : null}
    </div>
  );
}
