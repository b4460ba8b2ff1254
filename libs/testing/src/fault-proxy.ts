import { createServer, Server, Socket, connect } from 'node:net';

/**
 * A TCP proxy in front of a test database that can make PostgreSQL look away or hung to one
 * application, without touching the server other test files share: `refuse()` drops every
 * connection and refuses new ones (a killed server), `freeze()` holds every byte in both
 * directions (a server stopped with SIGSTOP: connections open, nothing answers).
 */
export class FaultProxy {
  private readonly sockets = new Set<Socket>();
  private readonly held: Array<() => void> = [];
  private frozen = false;
  private server: Server | null = null;

  private constructor(
    private readonly target: URL,
    private port: number,
  ) {}

  static async start(databaseUrl: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(new URL(databaseUrl), 0);
    await proxy.listen();
    return proxy;
  }

  /** The database URL through the proxy. */
  get url(): string {
    const u = new URL(this.target.toString());
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  /** Drops every connection and refuses new ones, like a server that was killed. */
  async refuse(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.held.length = 0;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Accepts connections again on the same port. */
  restore(): Promise<void> {
    return this.listen();
  }

  /** Holds every byte from now on, both ways; connections stay open. */
  freeze(): void {
    this.frozen = true;
  }

  /** Delivers what was held, in order, and forwards again. */
  thaw(): void {
    this.frozen = false;
    for (const release of this.held.splice(0)) release();
  }

  async close(): Promise<void> {
    this.thaw();
    await this.refuse();
  }

  private listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        const address = server.address();
        if (address && typeof address === 'object') this.port = address.port;
        resolve();
      });
    });
  }

  private accept(client: Socket): void {
    const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        const send = () => {
          if (!to.destroyed) to.write(chunk);
        };
        if (this.frozen || this.held.length > 0) this.held.push(send);
        else send();
      });
    forward(client, upstream);
    forward(upstream, client);
  }
}
