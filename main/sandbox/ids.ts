import { createHash, randomUUID } from 'node:crypto';

/**
 * KAZOO ids (accounts, users, devices, request ids) are 32 lowercase hex characters. A v4 UUID
 * without dashes has that shape, and randomUUID draws from a cached entropy pool, which matters
 * at thousands of requests per second.
 */
export const newId = (): string => randomUUID().replaceAll('-', '');

export const isKazooId = (text: string): boolean => /^[0-9a-f]{32}$/.test(text);

export const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

export const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
