import { z } from 'zod';
import type { ConnectionCheck, ConnectionsOverview, ConnectionView } from '../connections';
import { connectionIdSchema, connectionInputSchema } from '../profiles';

/**
 * Every request channel, declared once: its name and a zod schema for its single object
 * argument. main validates each call against this; preload and the renderer's types derive from
 * it. Result types live in `RequestResults` beside it.
 */
export const requestSchemas = {
  'app:info': z.object({}).strict(),
  'app:ping': z.object({ message: z.string().max(200) }).strict(),
  'connections:list': z.object({}).strict(),
  'connections:save': connectionInputSchema,
  'connections:remove': z.object({ id: connectionIdSchema }).strict(),
  'connections:check': z.object({ id: connectionIdSchema }).strict(),
  'connections:activate': z.object({ id: connectionIdSchema.nullable() }).strict(),
  'connections:startDemo': z.object({}).strict(),
} as const;

export interface AppInfo {
  name: string;
  version: string;
  /** Where `window.audian` is served from: the Electron shell or the browser preview bridge. */
  host: 'electron' | 'preview' | 'cli';
  platform: string;
}

export interface Pong {
  message: string;
  receivedAt: string;
}

export interface RequestResults {
  'app:info': AppInfo;
  'app:ping': Pong;
  'connections:list': ConnectionsOverview;
  'connections:save': ConnectionView;
  'connections:remove': { id: string };
  'connections:check': ConnectionCheck;
  'connections:activate': ConnectionsOverview;
  'connections:startDemo': ConnectionView;
}

export type RequestChannel = keyof typeof requestSchemas;
export type RequestInput<C extends RequestChannel> = z.input<(typeof requestSchemas)[C]>;
export type ParsedRequestInput<C extends RequestChannel> = z.output<(typeof requestSchemas)[C]>;
export type RequestOutput<C extends RequestChannel> = RequestResults[C];

export const requestChannels = Object.keys(requestSchemas) as RequestChannel[];

export const isRequestChannel = (name: unknown): name is RequestChannel =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name);
