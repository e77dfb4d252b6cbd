import { z } from 'zod';

// Zod probes for eval (`new Function`) to compile faster parsers. The page's Content-Security-Policy
// refuses it and reports every probe as a violation; parsing without generated code is what the
// policy allows. Imported first by the code that runs in the page (renderer, preload), never by main.
z.config({ jitless: true });
