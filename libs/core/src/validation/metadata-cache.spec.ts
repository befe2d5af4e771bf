import { IsInt, IsString, MetadataStorage, validateSync } from 'class-validator';
import { cacheValidationMetadata } from './metadata-cache';

describe('cacheValidationMetadata', () => {
  it('answers the same rules as class-validator, and a rule added later is seen at once', () => {
    class Base {
      @IsString() name!: string;
    }
    const storage = new MetadataStorage();
    // Share the global storage's rules for Base, then cache this one.
    const global = (globalThis as unknown as { classValidatorMetadataStorage: MetadataStorage }).classValidatorMetadataStorage;
    for (const rule of global.getTargetValidationMetadatas(Base, '', false, false)) storage.addValidationMetadata(rule);
    cacheValidationMetadata(storage);

    const first = storage.getTargetValidationMetadatas(Base, '', false, false);
    expect(first.map((r) => r.propertyName)).toEqual(['name']);
    expect(storage.getTargetValidationMetadatas(Base, '', false, false)).toBe(first); // cached
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));

    class Later extends Base {
      @IsInt() age!: number;
    }
    for (const rule of global.getTargetValidationMetadatas(Later, '', false, false)) {
      if (rule.target === Later) storage.addValidationMetadata(rule);
    }
    expect(storage.getTargetValidationMetadatas(Base, '', false, false)).not.toBe(first); // cleared by the addition
    expect(
      storage
        .getTargetValidationMetadatas(Later, '', false, false)
        .map((r) => r.propertyName)
        .sort(),
    ).toEqual(['age', 'name']);
  });

  it('is what validation uses in this process (@kedai/core installs it)', () => {
    class Probe {
      @IsString() text!: string;
    }
    const probe = Object.assign(new Probe(), { text: 1 });
    expect(validateSync(probe)).toHaveLength(1);
    const global = (globalThis as unknown as { classValidatorMetadataStorage: MetadataStorage & { kedaiCached?: true } })
      .classValidatorMetadataStorage;
    expect(global.kedaiCached).toBe(true);
    const rules = global.getTargetValidationMetadatas(Probe, '', false, false);
    expect(global.getTargetValidationMetadatas(Probe, '', false, false)).toBe(rules);
  });
});
