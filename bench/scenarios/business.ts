import { describeErrors, httpFigures, measureHttp, type HttpLoad } from '../load';
import type { Scenario } from '../scenario';

const HANDLE = 'kedai.demo';
const BODY = JSON.stringify({
  query: 'query($h:String!){ business(handle:$h){ id handle name currency createdAt } }',
  variables: { h: HANDLE },
});
const HEADERS = { 'content-type': 'application/json' };

/** The load itself; the write scenarios run it for a few seconds first as their `baseline_rps`. */
export const BUSINESS_LOAD: HttpLoad = {
  path: '/graphql',
  method: 'POST',
  headers: HEADERS,
  body: BODY,
  // Cheap enough for every response: the handle is there and no GraphQL error is.
  verifyBody: (body) => body.includes(`"handle":"${HANDLE}"`) && !body.includes('"errors"'),
};

interface BusinessAnswer {
  data?: { business?: { handle?: string; currency?: string } | null };
  errors?: unknown[];
}

/** Why a response body is not the demo business, or null when it is. */
function problemWith(body: string): string | null {
  let answer: BusinessAnswer;
  try {
    answer = JSON.parse(body) as BusinessAnswer;
  } catch {
    return `not JSON: ${body.slice(0, 200)}`;
  }
  if (answer.errors?.length) return `GraphQL errors: ${JSON.stringify(answer.errors).slice(0, 300)}`;
  if (answer.data?.business?.handle !== HANDLE) return `expected data.business.handle "${HANDLE}": ${body.slice(0, 200)}`;
  return null;
}

/**
 * The read path every shopper hits first: one GraphQL query for a business by its handle, through
 * Apollo, graphql-armor's limits, validation, the request-scoped ORM context and one indexed
 * PostgreSQL lookup (the seeded demo business).
 */
export const scenario: Scenario = {
  name: 'business',
  description: 'POST /graphql: business(handle: "kedai.demo") { id handle name currency createdAt }',

  async run(stack) {
    // One request checked in full before any load: a wrong answer fast is not a result.
    const sample = await fetch(`${stack.baseUrl}/graphql`, {
      method: 'POST',
      headers: HEADERS,
      body: BODY,
      signal: AbortSignal.any([stack.signal, AbortSignal.timeout(10_000)]),
    });
    const sampleBody = await sample.text();
    const sampleProblem = sample.status === 200 ? problemWith(sampleBody) : `HTTP ${sample.status}: ${sampleBody.slice(0, 200)}`;
    if (sampleProblem) return { figures: [], failures: [`sample response: ${sampleProblem}`] };

    const outcome = await measureHttp(stack, BUSINESS_LOAD);
    const failure = describeErrors(outcome);
    return { figures: httpFigures(outcome), failures: failure ? [failure] : [] };
  },
};
