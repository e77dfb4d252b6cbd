import { describe, expect, it } from 'vitest';
import { validateDevice } from '../../../main/kazoo-schemas/devices';
import { kazooErrorData } from '../../../main/kazoo-schemas/validate';

describe('validateDevice', () => {
  it('fills the defaults KAZOO stores without touching the input', () => {
    const input = { name: 'Phone' };
    const result = validateDevice(input);
    expect(result.valid).toBe(true);
    expect(input).toEqual({ name: 'Phone' });
    expect(result.value).toMatchObject({ enabled: true, sip: { method: 'password', invite_format: 'contact', expire_seconds: 300 } });
  });

  it('resolves bare $ref ids across files (caller_id, endpoint.media, formatters, metaflows)', () => {
    const result = validateDevice({
      name: 'Refs',
      caller_id: { internal: { number: 'x'.repeat(36) } },
      media: { audio: { codecs: ['NOPE'] } },
      formatters: { from_user: { direction: 'sideways' } },
      metaflows: { numbers: { '1': { children: { '2': {} } } } },
    });
    const paths = result.errors.map((e) => `${e.path}:${e.code}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'caller_id.internal.number:maxLength',
        'media.audio.codecs.0:enum',
        'formatters.from_user.direction:enum',
        'metaflows.numbers.1.module:required',
        'metaflows.numbers.1.children.2.module:required',
      ]),
    );
  });

  it("reads KAZOO's POSIX bracket classes: a formatter key of letters, digits and _ is checked, another is not", () => {
    expect(validateDevice({ name: 'Phone', formatters: { from_user: 'x' } }).valid).toBe(false);
    expect(validateDevice({ name: 'Phone', formatters: { 'from-user': 'x' } }).valid).toBe(true);
  });

  it('reports FieldErrors with dotted paths, KAZOO codes and messages', () => {
    const result = validateDevice({ sip: { password: 'abc' } });
    expect(result.valid).toBe(false);
    expect(result.errors.map(({ path, code, message }) => ({ path, code, message }))).toEqual(
      expect.arrayContaining([
        { path: 'name', code: 'required', message: 'Field is required but missing' },
        { path: 'sip.password', code: 'minLength', message: 'String must be at least 5 characters' },
      ]),
    );
  });

  it('escapes dots inside keys as %2E', () => {
    const result = validateDevice({ name: 'x', call_restriction: { 'a.b': { action: 'maybe' } } });
    expect(result.errors.map((e) => e.path)).toContain('call_restriction.a%2Eb.action');
  });
});

describe('kazooErrorData', () => {
  it('builds the per-field map, several codes on one path sharing its object', () => {
    const map = kazooErrorData([
      { path: 'sip.username', code: 'unique', message: 'm1', detail: { message: 'm1', cause: 'u' } },
      { path: 'sip.username', code: 'minLength', message: 'm2', detail: { message: 'm2' } },
      { path: 'name', code: 'required', message: 'm3', detail: { message: 'm3' } },
    ]);
    expect(map).toEqual({
      'sip.username': { unique: { message: 'm1', cause: 'u' }, minLength: { message: 'm2' } },
      name: { required: { message: 'm3' } },
    });
  });
});
