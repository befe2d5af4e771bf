import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { JwtService } from '@nestjs/jwt';
import type { Client } from 'pg';
import type { Stack } from './scenario';

// What the HTTP scenarios with many signed-in people share: the people themselves, a keep-alive
// GraphQL client, percentiles.

export type GraphqlBody = {
  data?: Record<string, unknown> | null;
  errors?: { message?: string; extensions?: { code?: string } }[];
};

export interface BenchPerson {
  id: string;
  token: string;
}

/**
 * People and their sessions straight into the bench database, with HS256 access tokens minted
 * with the API's JWT_SECRET and the claims SessionService issues ({ sub, sid, typ: 'access' }):
 * `authenticate` checks the signature, then that the session row is live and is that person's.
 * Signing hundreds of people in through sign-in codes would load the sign-in path, not the one
 * measured. `phonePrefix` + a running number must make phones no other scenario's people have;
 * `adult` gives them a date of birth and a country, so payments finds them eligible.
 */
export async function mintPeople(
  db: Client,
  stack: Pick<Stack, 'jwtSecret'>,
  count: number,
  phonePrefix: string,
  options: { adult?: boolean } = {},
): Promise<BenchPerson[]> {
  const jwt = new JwtService();
  const ids = Array.from({ length: count }, () => randomUUID());
  const sessions = ids.map(() => randomUUID());
  await db.query(
    `insert into person (id, phone, display_name${options.adult ? ', date_of_birth, country' : ''})
     select p, ph, dn${options.adult ? ", date '1990-01-01', 'MY'" : ''} from unnest($1::uuid[], $2::text[], $3::text[]) as t(p, ph, dn)`,
    [ids, ids.map((_, i) => `${phonePrefix}${String(1_000_000 + i)}`), ids.map((_, i) => `Bench ${i}`)],
  );
  await db.query(
    `insert into auth_session (id, person_id, user_agent, expires_at)
     select s, p, 'kedai-bench', now() + interval '1 day' from unnest($1::uuid[], $2::uuid[]) as t(s, p)`,
    [sessions, ids],
  );
  return ids.map((id, i) => ({
    id,
    token: jwt.sign(
      { sub: id, sid: sessions[i], typ: 'access' },
      { secret: stack.jwtSecret, algorithm: 'HS256', expiresIn: 3600 },
    ),
  }));
}

/** A keep-alive HTTP client for POST /graphql, answering the parsed body (or throwing). */
export function graphqlPoster(stack: Pick<Stack, 'baseUrl'>, maxSockets: number, timeoutMs = 10_000) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const url = new URL('/graphql', stack.baseUrl);
  const post = (token: string, query: string, variables: Record<string, unknown>) =>
    new Promise<{ status: number; body: GraphqlBody }>((resolve, reject) => {
      const payload = JSON.stringify({ query, variables });
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            authorization: `Bearer ${token}`,
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphqlBody });
            } catch (e) {
              reject(e as Error);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end(payload);
    });
  return { post, close: () => agent.destroy() };
}
export type Poster = ReturnType<typeof graphqlPoster>;

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const round = (value: number, digits: number) => Number(value.toFixed(digits));
