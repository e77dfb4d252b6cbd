import { Component, type ReactNode } from 'react';
import { forgetFailedLoads } from './lazyAfterStrictCsp';

export interface LoadBoundaryProps {
  /** Shown instead of the children once they failed; `retry` renders them again, loading anew. */
  failed: (retry: () => void) => ReactNode;
  children: ReactNode;
}

/**
 * Keeps a chunk that could not be loaded (or a part that failed to render) to its own place: without
 * it React would unmount the whole window. A class, as React offers error boundaries only as one.
 */
export class LoadBoundary extends Component<LoadBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  private readonly retry = () => {
    forgetFailedLoads();
    this.setState({ failed: false });
  };

  override render() {
    return this.state.failed ? this.props.failed(this.retry) : this.props.children;
  }
}
