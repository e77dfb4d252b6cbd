import type { LearnedPace } from './types';

const rate = (perSecond: number): string => perSecond.toLocaleString('en-US', { maximumFractionDigits: perSecond < 10 ? 1 : 0 });

const HOW: Record<Exclude<LearnedPace['learnedFrom'], 'default'>, string> = {
  tokens: 'learned from its token counts',
  throttling: 'learned from its “too many requests” answers',
};

/**
 * The server's limit as the client has learnt it, in words the import's progress shows (the app's
 * Run step and the CLI's progress line): "Server allows about 100 requests/s, 20 at once (learned
 * from its token counts) · 12 in flight".
 */
export function paceWords(pace: LearnedPace): string {
  const inFlight = `${pace.inFlight} in flight`;
  if (pace.perSecond === null) return `No limit met so far · ${inFlight}`;
  const atOnce = pace.burst === null ? '' : `, ${pace.burst.toLocaleString('en-US')} at once`;
  if (pace.learnedFrom === 'default') return `Assuming KAZOO’s default of ${rate(pace.perSecond)} requests/s${atOnce} · ${inFlight}`;
  return `Server allows about ${rate(pace.perSecond)} requests/s${atOnce} (${HOW[pace.learnedFrom]}) · ${inFlight}`;
}
