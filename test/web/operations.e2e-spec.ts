import type { INestApplication } from '@nestjs/common';
import { formatDocument } from '@urql/core';
import { print, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import * as generated from '../../apps/web/src/gql/graphql';
import { gql, TestEnv } from '../support/test-env';

const documents = Object.entries(generated as Record<string, unknown>)
  .filter(
    ([name, v]) => name.endsWith('Document') && typeof v === 'object' && v !== null && (v as DocumentNode).kind === 'Document',
  )
  .map(([name, doc]) => ({ name, doc: doc as DocumentNode }));

const operation = (doc: DocumentNode) =>
  doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;

/**
 * Every operation apps/web sends passes the real API's validation: the schema, and the depth, cost
 * and alias limits (a query over them would fail for every user, not only in a test). Each is sent
 * as urql sends it (with __typename added to every selection, which counts towards the cost) and
 * with no variables: validation runs first, so an answer about missing variables or sign-in means
 * the document itself was accepted.
 */
describe('web: every GraphQL operation of apps/web fits the API', () => {
  let env: TestEnv;
  let api: INestApplication;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api();
  });
  afterAll(async () => env?.close());

  it('has operations to check', () => {
    expect(documents.length).toBeGreaterThan(30);
  });

  it.each(documents.filter((d) => operation(d.doc).operation !== 'subscription').map((d) => [d.name, d.doc] as const))(
    '%s is accepted',
    async (_name, doc) => {
      const res = await gql(
        api,
        print(formatDocument(doc)),
        {},
        { 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 200) + 1}` },
      );
      const codes = ((res.body.errors ?? []) as { extensions?: { code?: string }; message: string }[]).map(
        (e) => `${e.extensions?.code}: ${e.message}`,
      );
      expect(codes.filter((c) => /GRAPHQL_VALIDATION_FAILED|GRAPHQL_PARSE_FAILED/.test(c))).toEqual([]);
    },
  );
});
