import { useCallback, useEffect, useState } from 'react';
import { createLatestOnly } from '../store/latestOnly';

/**
 * Sends requests of one kind from a component and applies their answers: only the latest
 * request's answer is applied, an earlier one that arrives late is dropped, and nothing is
 * applied once the component is gone. The request must not reject; the stores answer failures
 * as Result values.
 */
export function useLatestRequest() {
  const [latest] = useState(createLatestOnly);
  useEffect(() => latest.dropAll, [latest]);
  return useCallback(
    <T>(request: Promise<T>, apply: (answer: T) => void) => {
      const isCurrent = latest.begin();
      void request.then((answer) => {
        if (isCurrent()) apply(answer);
      });
    },
    [latest],
  );
}
