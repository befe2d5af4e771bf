import type { INestApplication } from '@nestjs/common';
import { gql } from './test-env';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface InputValue {
  name: string;
  type: TypeRef;
}
interface FullType {
  name: string;
  kind: string;
  fields: { name: string; args: InputValue[]; type: TypeRef }[] | null;
  inputFields: InputValue[] | null;
  enumValues: { name: string }[] | null;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
const INTROSPECT = `{ __schema { types { name kind enumValues { name }
  fields { name args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } }
  inputFields { name type { ${TYPE_REF} } } } } }`;

export interface Operation {
  kind: 'query' | 'mutation';
  name: string;
  /** A syntactically valid document with made-up arguments, selecting scalar fields only. */
  document: string;
}

/** Every query and mutation of the running API, each as a callable document with dummy arguments. */
export async function allOperations(api: INestApplication): Promise<Operation[]> {
  const res = await gql(api, INTROSPECT);
  const types = new Map<string, FullType>((res.body.data.__schema.types as FullType[]).map((t) => [t.name, t]));
  const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
  const required = (t: TypeRef) => t.kind === 'NON_NULL';

  const literal = (t: TypeRef, depth = 0): string => {
    if (t.kind === 'NON_NULL') return literal(t.ofType!, depth);
    if (t.kind === 'LIST') return `[${literal(t.ofType!, depth)}]`;
    const type = types.get(t.name!)!;
    if (type.kind === 'ENUM') return type.enumValues![0].name;
    if (type.kind === 'INPUT_OBJECT') {
      const fields = (type.inputFields ?? []).filter((f) => required(f.type) && depth < 4);
      return `{ ${fields.map((f) => `${f.name}: ${literal(f.type, depth + 1)}`).join(', ')} }`;
    }
    switch (t.name) {
      case 'Int':
      case 'Float':
        return '1';
      case 'Boolean':
        return 'true';
      case 'ID':
        return '"00000000-0000-7000-8000-000000000000"';
      default:
        return '"x"';
    }
  };
  const selection = (t: TypeRef): string => {
    const type = types.get(named(t).name!)!;
    if (type.kind === 'SCALAR' || type.kind === 'ENUM') return '';
    if (type.kind === 'UNION' || type.kind === 'INTERFACE') return '{ __typename }';
    return '{ __typename }';
  };

  const ops: Operation[] = [];
  for (const [kind, root] of [
    ['query', 'Query'],
    ['mutation', 'Mutation'],
  ] as const) {
    for (const f of types.get(root)?.fields ?? []) {
      const args = f.args.filter((a) => required(a.type));
      const argText = args.length ? `(${args.map((a) => `${a.name}: ${literal(a.type)}`).join(', ')})` : '';
      ops.push({ kind, name: f.name, document: `${kind} { ${f.name}${argText} ${selection(f.type)} }` });
    }
  }
  return ops;
}
