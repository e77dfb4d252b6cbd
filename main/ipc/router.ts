import { isRequestChannel, type RequestChannel } from '../../common/ipc/channels';
import { requestSchemas, type ParsedRequestInput, type RequestOutput } from '../../common/ipc/contract';
import { fail, type Result } from '../../common/ipc/result';
import type { Logger } from '../log';

/** What the router needs to know about whoever sent a request. */
export interface SenderInfo {
  /** URL of the frame that sent it. */
  frameUrl: string;
  /** False for iframes and other sub-frames. */
  isMainFrame: boolean;
  /** Identifies the window's web contents in Electron; the bridge uses -1. */
  webContentsId: number;
}

export type Handlers = {
  [C in RequestChannel]: (input: ParsedRequestInput<C>) => Promise<Result<RequestOutput<C>>>;
};

export type Dispatch = (channel: unknown, input: unknown, sender: SenderInfo) => Promise<Result<unknown>>;

const MAX_ISSUES_REPORTED = 5;
/** Far deeper than any argument the contract describes; stops a hostile tree before the schema walks it. */
const MAX_INPUT_DEPTH = 32;
/** A refusal names what is wrong without echoing a hostile key or value back in full. */
const MAX_ISSUE_TEXT = 200;

const clip = (text: string) => (text.length > MAX_ISSUE_TEXT ? `${text.slice(0, MAX_ISSUE_TEXT)}…` : text);

/**
 * Only JSON-shaped data is a valid argument: plain objects, arrays, strings, numbers, booleans,
 * null (and undefined, which a structured clone keeps for an optional key left unset). A
 * structured clone can also carry a Date, Map, typed array or bigint, which a schema for an empty
 * object would otherwise let through.
 */
function isPlainData(value: unknown, depth = 0): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return true;
  if (typeof value !== 'object' || depth >= MAX_INPUT_DEPTH) return false;
  if (Array.isArray(value)) return value.every((item) => isPlainData(item, depth + 1));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value).every((item) => isPlainData(item, depth + 1));
}

/**
 * The single entry for every request from a renderer: checks the channel, the sender and the
 * argument, then calls the service. Nothing thrown inside ever crosses: the renderer gets a
 * plain error value, main's log gets the detail.
 */
export function createRouter(handlers: Handlers, isTrustedSender: (sender: SenderInfo) => boolean, log: Logger): Dispatch {
  return async (channel, input, sender) => {
    if (!isRequestChannel(channel)) {
      log.warn('ipc.rejected', { reason: 'unknown channel', channel: typeof channel === 'string' ? channel.slice(0, 80) : typeof channel });
      return fail('invalid_request', 'The app asked for something it does not know. Restart the app; if it happens again, report it.');
    }
    if (!isTrustedSender(sender)) {
      log.warn('ipc.rejected', { reason: 'untrusted sender', channel, frame: sender.frameUrl.slice(0, 120) });
      return fail('forbidden_sender', 'This request came from a page the app does not trust and was refused.');
    }
    if (!isPlainData(input)) {
      return fail(
        'invalid_request',
        `The request "${channel}" had invalid input: it must be plain data (an object of text, numbers and lists).`,
      );
    }
    const parsed = requestSchemas[channel].safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, MAX_ISSUES_REPORTED);
      return fail('invalid_request', `The request "${channel}" had invalid input.`, {
        fields: issues.map((issue) => ({ path: clip(issue.path.join('.')), code: issue.code, message: clip(issue.message) })),
      });
    }
    try {
      const handler = handlers[channel] as (value: unknown) => Promise<Result<unknown>>;
      return await handler(parsed.data);
    } catch (error) {
      log.error('ipc.handler_failed', { channel, error });
      return fail('internal', 'Something went wrong inside the app. Try again; if it keeps happening, restart the app.');
    }
  };
}
