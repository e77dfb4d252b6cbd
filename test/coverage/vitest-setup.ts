import { afterAll } from 'vitest';
import { addNodeCoverage } from './node';

// Registered first, so it runs after each test file's own afterAll hooks have finished.
afterAll(addNodeCoverage);
