import { lazy, type ComponentType } from 'react';

/**
 * A component whose code is a chunk of its own, fetched when it first renders or `preload` is
 * called. The chunk is evaluated only after common/strict-csp has told zod to generate no code:
 * zod decides at each schema's construction whether to probe for eval, and the page's
 * Content-Security-Policy reports every probe. Awaiting the one import before the other keeps that
 * order whatever the bundler puts in which chunk, so the first screen need not carry zod at all.
 */
export function lazyAfterStrictCsp<Props extends object>(
  load: () => Promise<ComponentType<Props>>,
): { Component: ComponentType<Props>; preload: () => void } {
  let loading: Promise<ComponentType<Props>> | undefined;
  const loadOnce = () => (loading ??= import('../../../common/strict-csp').then(load));
  return {
    Component: lazy(() => loadOnce().then((Component) => ({ default: Component }))),
    preload: () => void loadOnce(),
  };
}
