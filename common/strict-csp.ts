import { z } from 'zod';

// Zod probes for eval (`new Function`) to compile faster parsers. The page's Content-Security-Policy
// refuses it and reports every probe as a violation; parsing without generated code is what the
// policy allows. The renderer loads it before any chunk that builds schemas
// (renderer/src/components/lazyAfterStrictCsp.ts); main never imports it.
z.config({ jitless: true });
