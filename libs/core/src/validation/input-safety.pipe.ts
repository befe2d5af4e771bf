import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { InvalidInputError, type FieldError } from '../errors/domain-error';
import { unsafeTextReason } from './unsafe-text';

// Where outside input arrives: REST body, query and route params, and GraphQL arguments (the
// @nestjs/graphql param type ARGS is 3). Custom decorators (the request context) and the GraphQL
// root, context and info are ours, not the caller's.
const FROM_OUTSIDE = new Set(['body', 'query', 'param', '3']);
const MAX_DEPTH = 32;

function walk(value: unknown, path: string, found: FieldError[], depth: number): void {
  if (typeof value === 'string') {
    const reason = unsafeTextReason(value);
    if (reason) found.push({ field: path, messages: [`${path || 'value'} ${reason}`] });
  } else if (Array.isArray(value)) {
    if (depth < MAX_DEPTH) value.forEach((v, i) => walk(v, `${path}[${i}]`, found, depth + 1));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    if (depth >= MAX_DEPTH) return;
    for (const [key, v] of Object.entries(value)) {
      const keyReason = unsafeTextReason(key);
      const child = path ? `${path}.${key}` : key;
      if (keyReason) found.push({ field: child, messages: [`a key ${keyReason}`] });
      walk(v, child, found, depth + 1);
    }
  }
}

/**
 * The global first pipe: any string an outsider sends (a GraphQL argument or input field at any
 * depth, a REST body, query or param) that PostgreSQL could not store is refused here with
 * BAD_USER_INPUT naming the field, before a service or the database sees it. Without it a NUL in
 * a search query or a product name reached PostgreSQL and came back as INTERNAL_SERVER_ERROR.
 */
@Injectable()
export class InputSafetyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (!FROM_OUTSIDE.has(String(metadata.type))) return value;
    const found: FieldError[] = [];
    // Fields are named as the ValidationPipe names them, within the argument (`input: { name }`
    // is `name`); a bare text argument (`query: String`) by its own name.
    walk(value, typeof value === 'string' ? (metadata.data ?? '') : '', found, 0);
    if (found.length > 0) throw new InvalidInputError(found);
    return value;
  }
}
