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

export interface StringProbe {
  operation: string;
  /** Where the probe value sits: `input.variants[0].sku`. */
  path: string;
  /**
   * The field as BAD_USER_INPUT names it when the resolver takes the argument on its own
   * (`@Args('input')`): `variants[0].sku`. A resolver taking an @ArgsType names `path` instead.
   */
  field: string;
  /** A document with every required argument filled in, and `value` at `path`. */
  document: string;
}

// Scalars whose parser turns the text into something else (a DateTime probe fails as a date, not as text).
const NOT_TEXT = new Set(['Int', 'Float', 'Boolean', 'DateTime']);

/**
 * One probe per text argument of every query and mutation: each String, ID or custom scalar
 * argument, and each such field of an input object at any depth (lists get one element), set to
 * `value` while everything else gets the dummy values `allOperations` uses.
 */
export async function stringArgumentProbes(api: INestApplication, value: string): Promise<StringProbe[]> {
  const res = await gql(api, INTROSPECT);
  const types = new Map<string, FullType>((res.body.data.__schema.types as FullType[]).map((t) => [t.name, t]));
  const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
  const required = (t: TypeRef) => t.kind === 'NON_NULL';
  const probe = JSON.stringify(value);

  /** Literals for type `t`: the dummy one (target undefined) or one per text leaf below it. */
  const dummy = (t: TypeRef, depth = 0): string => {
    if (t.kind === 'NON_NULL') return dummy(t.ofType!, depth);
    if (t.kind === 'LIST') return `[${dummy(t.ofType!, depth)}]`;
    const type = types.get(t.name!)!;
    if (type.kind === 'ENUM') return type.enumValues![0].name;
    if (type.kind === 'INPUT_OBJECT') {
      const fields = (type.inputFields ?? []).filter((f) => required(f.type) && depth < 4);
      return `{ ${fields.map((f) => `${f.name}: ${dummy(f.type, depth + 1)}`).join(', ')} }`;
    }
    if (t.name === 'Int' || t.name === 'Float') return '1';
    if (t.name === 'Boolean') return 'true';
    if (t.name === 'ID') return '"00000000-0000-7000-8000-000000000000"';
    return '"x"';
  };
  const variants = (t: TypeRef, path: string, depth: number): { path: string; literal: string }[] => {
    if (t.kind === 'NON_NULL') return variants(t.ofType!, path, depth);
    if (t.kind === 'LIST') return variants(t.ofType!, `${path}[0]`, depth).map((v) => ({ ...v, literal: `[${v.literal}]` }));
    const type = types.get(t.name!)!;
    if (type.kind === 'SCALAR') return NOT_TEXT.has(type.name) ? [] : [{ path, literal: probe }];
    if (type.kind !== 'INPUT_OBJECT' || depth >= 4) return [];
    const fields = type.inputFields ?? [];
    return fields.flatMap((target) =>
      variants(target.type, `${path}.${target.name}`, depth + 1).map((v) => ({
        path: v.path,
        literal: `{ ${fields
          .filter((f) => f === target || required(f.type))
          .map((f) => `${f.name}: ${f === target ? v.literal : dummy(f.type, depth + 1)}`)
          .join(', ')} }`,
      })),
    );
  };

  const probes: StringProbe[] = [];
  for (const [kind, root] of [
    ['query', 'Query'],
    ['mutation', 'Mutation'],
  ] as const) {
    for (const f of types.get(root)?.fields ?? []) {
      const scalar = ['SCALAR', 'ENUM'].includes(types.get(named(f.type).name!)!.kind);
      const selection = scalar ? '' : '{ __typename }';
      for (const target of f.args) {
        for (const v of variants(target.type, target.name, 0)) {
          const args = f.args
            .filter((a) => a === target || required(a.type))
            .map((a) => `${a.name}: ${a === target ? v.literal : dummy(a.type)}`);
          const field = v.path === target.name ? v.path : v.path.slice(target.name.length).replace(/^\./, '');
          probes.push({
            operation: f.name,
            path: v.path,
            field,
            document: `${kind} { ${f.name}(${args.join(', ')}) ${selection} }`,
          });
        }
      }
    }
  }
  return probes;
}
