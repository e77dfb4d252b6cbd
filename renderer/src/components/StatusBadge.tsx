import type { ReactNode } from 'react';
import { CheckCircleIcon, ErrorCircleIcon, IdleIcon, InfoIcon, SpinnerIcon, WarningIcon } from './Icon';
import './StatusBadge.css';

export type StatusTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'progress';

const toneIcons: Record<StatusTone, ReactNode> = {
  neutral: <IdleIcon size="sm" />,
  info: <InfoIcon size="sm" />,
  success: <CheckCircleIcon size="sm" />,
  warning: <WarningIcon size="sm" />,
  danger: <ErrorCircleIcon size="sm" />,
  progress: <SpinnerIcon size="sm" />,
};

export interface StatusBadgeProps {
  tone: StatusTone;
  /** The state in words; colour and icon only repeat it. */
  children: ReactNode;
  /** Replaces the tone's icon where a more specific picture helps; the words still carry the meaning. */
  icon?: ReactNode;
  className?: string;
}

export function StatusBadge({ tone, children, icon, className }: StatusBadgeProps) {
  return (
    <span className={['status-badge', `status-badge--${tone}`, className].filter(Boolean).join(' ')}>
      {icon ?? toneIcons[tone]}
      <span className="status-badge__label">{children}</span>
    </span>
  );
}
