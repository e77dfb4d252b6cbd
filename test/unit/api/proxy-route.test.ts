import { describe, expect, it } from 'vitest';
import { parsePacAnswer } from '../../../main/api/proxy-route';

describe('parsePacAnswer', () => {
  it.each([
    ['DIRECT', { kind: 'direct' }],
    ['', { kind: 'direct' }],
    ['PROXY proxy.corp:3128', { kind: 'proxy', url: 'http://proxy.corp:3128' }],
    ['PROXY proxy.corp:3128; DIRECT', { kind: 'proxy', url: 'http://proxy.corp:3128' }],
    ['HTTPS secure.corp:443', { kind: 'proxy', url: 'https://secure.corp' }],
    ['proxy 10.0.0.1:8080', { kind: 'proxy', url: 'http://10.0.0.1:8080' }],
    ['PROXY [::1]:3128', { kind: 'proxy', url: 'http://[::1]:3128' }],
    ['SOCKS5 socks.corp:1080; PROXY proxy.corp:3128', { kind: 'proxy', url: 'http://proxy.corp:3128' }],
    ['SOCKS socks.corp:1080; DIRECT', { kind: 'direct' }],
  ])('takes the first usable route of %j', (answer, route) => {
    expect(parsePacAnswer(answer)).toEqual({ ok: true, value: route });
  });

  it.each(['SOCKS5 socks.corp:1080', 'PROXY', 'PROXY a b', 'PROXY user:pw@proxy.corp:3128', 'PROXY proxy.corp:3128/path', 'NONSENSE'])(
    'refuses %j in words instead of going direct around it',
    (answer) => {
      const route = parsePacAnswer(answer);
      expect(route).toMatchObject({ ok: false, error: { kind: 'proxy', message: expect.stringMatching(/HTTP and HTTPS proxies/) } });
    },
  );
});
