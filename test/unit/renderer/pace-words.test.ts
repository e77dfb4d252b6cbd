import { describe, expect, it } from 'vitest';
import { paceWords } from '../../../common/import/pace-words';

describe('paceWords', () => {
  it('names the rate and bucket learnt from the server’s token counts, and the requests in flight', () => {
    expect(paceWords({ perSecond: 100, burst: 20, inFlight: 12, learnedFrom: 'tokens' })).toBe(
      'Server allows about 100 requests/s, 20 at once (learned from its token counts) · 12 in flight',
    );
  });

  it('says the default is only assumed until the server shows otherwise', () => {
    expect(paceWords({ perSecond: 10, burst: 100, inFlight: 2, learnedFrom: 'default' })).toBe(
      'Assuming KAZOO’s default of 10 requests/s, 100 at once · 2 in flight',
    );
  });

  it('leaves out the bucket that 429s alone do not show, and keeps a decimal for slow rates', () => {
    expect(paceWords({ perSecond: 4.46, burst: null, inFlight: 1, learnedFrom: 'throttling' })).toBe(
      'Server allows about 4.5 requests/s (learned from its “too many requests” answers) · 1 in flight',
    );
  });

  it('says no limit was met when the server has taken everything sent so far', () => {
    expect(paceWords({ perSecond: null, burst: null, inFlight: 16, learnedFrom: 'throttling' })).toBe('No limit met so far · 16 in flight');
  });
});
