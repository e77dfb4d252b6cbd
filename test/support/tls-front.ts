import { request } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import type { Sandbox } from '../../main/sandbox/server';

export interface TestCertificate {
  key: string;
  cert: string;
}

/** A self-signed certificate for 127.0.0.1, made for the test (nothing is committed). */
export async function selfSignedCertificate(commonName: string): Promise<TestCertificate> {
  const made = await generate([{ name: 'commonName', value: commonName }], {
    notAfterDate: new Date(Date.now() + 2 * 24 * 3600 * 1000),
    keyType: 'ec',
    curve: 'P-256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  return { key: made.private, cert: made.cert };
}

export interface TlsFront {
  /** https://127.0.0.1:PORT */
  url: string;
  /** Shows another certificate from now on, to new connections and to the ones open now (they are closed). */
  present(certificate: TestCertificate): void;
  close(): Promise<void>;
}

/** An on-premise server over HTTPS: a real TLS server with the given certificate, passing every request on to the sandbox. */
export async function startTlsFront(sandbox: Sandbox, certificate: TestCertificate): Promise<TlsFront> {
  const upstream = new URL(sandbox.url);
  const server: Server = createServer(certificate, (incoming, outgoing) => {
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: upstream.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    present: (next) => {
      server.setSecureContext(next);
      server.closeAllConnections();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
