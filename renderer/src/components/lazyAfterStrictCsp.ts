import { createElement, lazy, type ComponentType } from 'react';

/** How each component whose chunk failed to load gets a fresh start; `forgetFailedLoads` runs them. */
const failedLoads = new Set<() => void>();

/**
 * Lets every component whose chunk failed to load fetch it anew when next rendered (Retry in a
 * LoadBoundary). Only then: a render that read a fresh one at once would try again and again,
 * never showing the failure.
 */
export function forgetFailedLoads(): void {
  for (const renew of failedLoads) renew();
  failedLoads.clear();
}

/**
 * A component whose code is a chunk of its own, fetched when it first renders or `preload` is
 * called. The chunk is evaluated only after common/strict-csp has told zod to generate no code:
 * zod decides at each schema's construction whether to probe for eval, and the page's
 * Content-Security-Policy reports every probe. Awaiting the one import before the other keeps that
 * order whatever the bundler puts in which chunk, so the first screen need not carry zod at all.
 * A load that fails is not kept: React.lazy keeps its failure, so the component is renewed too.
 */
export function lazyAfterStrictCsp<Props extends object>(
  load: () => Promise<ComponentType<Props>>,
): { Component: ComponentType<Props>; preload: () => void } {
  let loading: Promise<ComponentType<Props>> | undefined;
  const loadOnce = () =>
    (loading ??= import('../../../common/strict-csp').then(load).catch((error: unknown) => {
      loading = undefined;
      failedLoads.add(renew);
      throw error;
    }));
  const fresh = () => lazy(() => loadOnce().then((Component) => ({ default: Component })));
  let Loaded = fresh();
  const renew = () => {
    Loaded = fresh();
  };
  return {
    Component: (props: Props) => createElement(Loaded, props),
    // A failed preload shows, with Retry, once the component is rendered.
    preload: () => void loadOnce().catch(() => {}),
  };
}
