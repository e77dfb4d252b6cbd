import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ConnectProxyOptions {
  /** `user:password` the proxy asks for (407 without it). */
  credentials?: string;
  /** Refuses every tunnel with this status, as a proxy whose policy forbids the server. */
  refuseWith?: number;
}

export interface ConnectProxy {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Every tunnel asked for, as host:port, allowed or not. */
  tunnels: string[];
  /** Requests that were not CONNECT (a client sending plain requests to the proxy). */
  plainRequests: string[];
  /** HTTP requests carried inside the tunnels (readable for plain-HTTP targets only, as the sandbox is). */
  carriedRequests(): number;
  close(): Promise<void>;
}

/**
 * A real HTTP CONNECT proxy on 127.0.0.1: it counts every tunnel asked for and pipes the allowed
 * ones to their target, so a test sees whether each request went through it.
 */
const REQUEST_LINE = /[A-Z]+ \/\S* HTTP\/1\.1\r\n/g;

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const plainRequests: string[] = [];
  const sockets = new Set<Socket>();
  const carried: string[] = [];
  const expected = options.credentials === undefined ? undefined : `Basic ${Buffer.from(options.credentials).toString('base64')}`;
  const server = createServer((request, response) => {
    plainRequests.push(`${request.method} ${request.url}`);
    response.writeHead(405).end();
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    const target = request.url ?? '';
    tunnels.push(target);
    const refuse = (status: number, extra = '') => client.end(`HTTP/1.1 ${status} Refused\r\n${extra}Content-Length: 0\r\n\r\n`);
    if (options.refuseWith !== undefined) return refuse(options.refuseWith);
    if (expected !== undefined && request.headers['proxy-authorization'] !== expected) {
      return refuse(407, 'Proxy-Authenticate: Basic realm="test"\r\n');
    }
    const [host = '', port = ''] = target.split(/:(?=\d+$)/);
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      const index = carried.push(head.toString('latin1')) - 1;
      client.on('data', (chunk: Buffer) => (carried[index] += chunk.toString('latin1')));
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    tunnels,
    plainRequests,
    carriedRequests: () => carried.reduce((sum, text) => sum + (text.match(REQUEST_LINE)?.length ?? 0), 0),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
