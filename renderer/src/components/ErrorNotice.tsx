import type { ReactNode } from 'react';
import type { AppError } from '../../../common/ipc/result';
import { Banner } from './Banner';
import { TechnicalDetails } from './TechnicalDetails';

export interface ErrorNoticeProps {
  error: AppError;
  /** What failed, in a few words, e.g. "Wrong API key"; the error's message says what to do. */
  title: string;
  className?: string;
  /** More to say between the message and the details, e.g. a list of what was refused. */
  children?: ReactNode;
}

/** A failure in words, with the technical detail support asks for one click away. */
export function ErrorNotice({ error, title, className, children }: ErrorNoticeProps) {
  return (
    <Banner tone="danger" title={title} role="alert" className={className}>
      <p>{error.message}</p>
      {children}
      {error.detail ? <TechnicalDetails detail={error.detail} /> : null}
    </Banner>
  );
}
