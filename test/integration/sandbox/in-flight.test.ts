/**
 * `maxInFlight`: the sandbox handles so many /v2 requests at once and answers 503 beyond them.
 * A request is held in flight without any timing: it announces its body with
 * `Expect: 100-continue`, the server answers `100 Continue` in the same turn as it takes the
 * request in, and the body is sent only when the test says so.
 */
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSandboxArgs } from '../../../main/sandbox/flags';
import type { Sandbox } from '../../../main/sandbox/server';
import { call, devicesPath, started } from './helpers';

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

interface Held {
  /** Sends the body and resolves with the status line of the answer. */
  release(): Promise<string>;
}

/** A device create that the server has taken in and that waits for its body. */
async function heldCreate(sb: Sandbox, token: string, name: string): Promise<Held> {
  const body = JSON.stringify({ data: { name } });
  const { port, hostname } = new URL(sb.url);
  const socket: Socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  socket.write(
    [
      `PUT ${devicesPath(sb)} HTTP/1.1`,
      `host: ${hostname}:${port}`,
      'content-type: application/json',
      `content-length: ${Buffer.byteLength(body)}`,
      `x-auth-token: ${token}`,
      'expect: 100-continue',
      '',
      '',
    ].join('\r\n'),
  );
  let received = '';
  await new Promise<void>((resolve) => {
    const onData = (chunk: Buffer): void => {
      received += chunk.toString('latin1');
      if (!received.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      resolve();
    };
    socket.on('data', onData);
  });
  expect(received).toMatch(/^HTTP\/1\.1 100 Continue/);
  return {
    release: async () => {
      let answer = '';
      const statusLine = new Promise<string>((resolve) => {
        socket.on('data', (chunk: Buffer) => {
          answer += chunk.toString('latin1');
          if (answer.includes('\r\n')) resolve(answer.slice(0, answer.indexOf('\r\n')));
        });
      });
      socket.write(body);
      const line = await statusLine;
      socket.destroy();
      return line;
    },
  };
}

describe('requests in flight (maxInFlight)', () => {
  it('answers 503 beyond the limit, without touching the account, and takes requests again once one ends', async () => {
    const { sb, token } = await started({ maxInFlight: 2 });
    open.push(sb);
    const first = await heldCreate(sb, token, 'Held 1');
    const second = await heldCreate(sb, token, 'Held 2');

    const turnedAway = await call(sb, 'PUT', devicesPath(sb), { token, data: { name: 'Over the limit' } });
    expect(turnedAway.status).toBe(503);
    expect(turnedAway.body).toMatchObject({ status: 'error', error: '503', data: { message: 'too many requests in flight' } });
    expect(sb.state.stats().overCapacity).toBe(1);
    // The control API is not /v2: it answers whatever is in flight.
    expect((await call(sb, 'GET', '/_sandbox/stats')).status).toBe(200);

    expect(await first.release()).toBe('HTTP/1.1 201 Created');
    const admitted = await call(sb, 'PUT', devicesPath(sb), { token, data: { name: 'After one ended' } });
    expect(admitted.status).toBe(201);
    expect(await second.release()).toBe('HTTP/1.1 201 Created');
    expect(
      sb.state
        .devices()
        .map((device) => device['name'])
        .sort(),
    ).toEqual(['After one ended', 'Held 1', 'Held 2']);
  });

  it('has no limit by default; configure() sets one at runtime; --max-in-flight N sets one from the command line', async () => {
    const { sb, token } = await started();
    open.push(sb);
    const held = await Promise.all([1, 2, 3].map((n) => heldCreate(sb, token, `Held ${n}`)));
    expect((await call(sb, 'GET', devicesPath(sb), { token })).status).toBe(200);
    sb.configure({ maxInFlight: 3 });
    expect((await call(sb, 'GET', devicesPath(sb), { token })).status).toBe(503);
    for (const request of held) expect(await request.release()).toBe('HTTP/1.1 201 Created');

    expect(parseSandboxArgs(['--max-in-flight', '16'])).toEqual({ maxInFlight: 16 });
    expect(() => parseSandboxArgs(['--max-in-flight', '0'])).toThrow(/at least 1/);
    expect(() => parseSandboxArgs(['--max-in-flight', 'many'])).toThrow(/--max-in-flight/);
  });
});
