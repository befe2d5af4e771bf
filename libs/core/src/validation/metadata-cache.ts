import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Storage = ReturnType<typeof getMetadataStorage>;

/**
 * class-validator looks a class's rules up anew on every `validate`: it filters the class's own
 * rules and walks every class it knows (hundreds of DTOs) with `instanceof` for inherited ones,
 * then groups the result by property. That was ~10 % of the API's allocation per chat message
 * (the validation pipe and the message content check both validate). The rules only change when a
 * decorator registers one, at class definition: the answer is cached per class and options until
 * then, and cleared whenever a rule or constraint is added.
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { kedaiCached?: true };
  if (marked.kedaiCached) return;
  marked.kedaiCached = true;
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const groupBy = storage.groupByPropertyName.bind(storage);
  let found = new Map<unknown, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();
  const clear = () => {
    found = new Map();
    grouped = new WeakMap();
  };
  for (const method of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const add = (storage[method] as (arg: unknown) => void).bind(storage);
    (storage as unknown as Record<string, unknown>)[method] = (arg: unknown) => {
      clear();
      add(arg);
    };
  }
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let byOptions = found.get(target);
    if (!byOptions) found.set(target, (byOptions = new Map()));
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = lookUp(target, schema, always, strictGroups, groups)));
    return rules;
  };
  storage.groupByPropertyName = (rules) => {
    let byProperty = grouped.get(rules);
    if (!byProperty) grouped.set(rules, (byProperty = groupBy(rules)));
    return byProperty;
  };
}

// Every process that loads @kedai/core (API, worker, CLI) validates through the cache.
cacheValidationMetadata();
