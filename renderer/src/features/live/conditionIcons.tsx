import type { ReactNode } from 'react';
import { BlockedIcon, CheckCircleIcon, ClockIcon, ErrorCircleIcon, FlapIcon, IdleIcon } from '../../components/Icon';
import type { RowCondition } from './liveWords';

/** Each state's picture; always beside its words, never instead of them. */
export const conditionIcons: Record<RowCondition, ReactNode> = {
  registered: <CheckCircleIcon size="sm" />,
  waiting: <IdleIcon size="sm" />,
  not_registered: <IdleIcon size="sm" />,
  disabled: <BlockedIcon size="sm" />,
  stale: <ClockIcon size="sm" />,
  flapping: <FlapIcon size="sm" />,
  missing: <ErrorCircleIcon size="sm" />,
};
