import http from 'node:http';
import { HTTP_CLIENTS } from './config.js';

export interface JsonResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * JSON requests to the application under test, on keep-alive connections: as many sockets as there are clients,
 * so that no request waits for a socket and no timed request pays for a TCP handshake.
 */
export class BenchHttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: HTTP_CLIENTS });

  constructor(private readonly port: number) {}

  send(method: 'POST' | 'PUT', path: string, token: string, body: unknown): Promise<JsonResponse> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  /** Sends a request that must create something, and returns what the response says of it. */
  async create<Created>(method: 'POST' | 'PUT', path: string, token: string, body: unknown): Promise<Created> {
    const response = await this.send(method, path, token, body);
    if (response.status !== 201) {
      throw new Error(`${method} ${path} answered ${response.status}, not 201: ${response.body}`);
    }
    return JSON.parse(response.body) as Created;
  }

  close(): void {
    this.agent.destroy();
  }
}
