/**
 * Structured log lines for main. Values under secret-looking keys and any registered secret value
 * are replaced before a line is written, so a careless field can never put a key in a log file.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  /** Registers a value that must never appear in a log line (API key, password, token). */
  protect(secret: string): void;
  /** A text with every registered secret and any JSON Web Token replaced, as a log line would have it. */
  redact(text: string): string;
}

type Level = 'info' | 'warn' | 'error';

const SECRET_KEY = /pass(word)?|secret|token|api_?key|credential|authorization/i;
const REDACTED = '[redacted]';
/** A JSON Web Token anywhere in a text: redacted even when nobody registered it (a token in an error message or URL). */
const JWT_SHAPE = /eyJ[\w-]+\.[\w-]+\.[\w-]+/g;
const MIN_PROTECTED_LENGTH = 4;

export function createLogger(write: (line: string) => void, now: () => Date = () => new Date()): Logger {
  const secrets = new Set<string>();

  const scrub = (text: string): string => {
    let out = text.replace(JWT_SHAPE, REDACTED);
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return out;
  };

  const clean = (value: unknown, depth: number): unknown => {
    if (value instanceof Error)
      return { name: value.name, message: scrub(value.message), stack: value.stack ? scrub(value.stack) : undefined };
    if (typeof value === 'string') return scrub(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > 4) return '[deep]';
    if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? REDACTED : clean(item, depth + 1);
    return out;
  };

  const emit = (level: Level, event: string, fields: Record<string, unknown> = {}) => {
    write(JSON.stringify({ at: now().toISOString(), level, event, ...(clean(fields, 0) as object) }));
  };

  return {
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
    protect: (secret) => {
      if (secret.length >= MIN_PROTECTED_LENGTH) secrets.add(secret);
    },
    redact: scrub,
  };
}
