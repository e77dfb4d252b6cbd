/** Round-trips on one machine are often below a millisecond; "0 ms" would read as "not measured". */
export const formatDuration = (ms: number): string => (ms < 1 ? 'under 1 ms' : `${ms} ms`);
