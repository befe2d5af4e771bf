import type { ArgumentMetadata, Type } from '@nestjs/common';
import { createValidationPipe, InvalidInputError } from '@kedai/core';
import { CreateApiKeyArgs, InviteMemberArgs } from './access.args';
import { CreateBusinessInput } from './create-business.input';
import { UpdateBusinessArgs, UpdateBusinessInput } from './update-business.input';

const pipe = createValidationPipe();
const run = (metatype: Type, value: unknown) => pipe.transform(value, { type: 'body', metatype } as ArgumentMetadata);

/** The field errors the global pipe reports, as { field: messages }. */
async function fieldErrors(metatype: Type, value: unknown): Promise<Record<string, string[]>> {
  try {
    await run(metatype, value);
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    return Object.fromEntries(e.fields.map((f) => [f.field, f.messages]));
  }
  return {};
}

const valid = { handle: ' Kopi.Corner ', name: ' Kopi Corner ', currency: 'MYR', country: 'MY' };

describe('CreateBusinessInput', () => {
  it('passes a minimal business, normalising the handle and trimming the name', async () => {
    const input = (await run(CreateBusinessInput, valid)) as CreateBusinessInput;
    expect(input).toBeInstanceOf(CreateBusinessInput);
    expect(input).toMatchObject({ handle: 'kopi.corner', name: 'Kopi Corner' });
  });

  it('passes a full profile', async () => {
    const full = {
      ...valid,
      description: 'Coffee',
      category: 'Food',
      logoUrl: 'https://cdn.example.com/l.png',
      contactPhone: '012-345 6789',
      timezone: 'Asia/Kuala_Lumpur',
      openingHours: { monday: [{ open: '08:00', close: '17:00' }], sunday: [] },
    };
    expect(await fieldErrors(CreateBusinessInput, full)).toEqual({});
  });

  it('names every bad field at once', async () => {
    const errors = await fieldErrors(CreateBusinessInput, {
      handle: 'x',
      name: '   ',
      currency: 'XYZ',
      country: 'EU',
      logoUrl: 'http://insecure.example.com/l.png',
      timezone: '+08:00',
    });
    expect(Object.keys(errors).sort()).toEqual(['country', 'currency', 'handle', 'logoUrl', 'name', 'timezone']);
    expect(errors.timezone).toEqual([expect.stringContaining('IANA')]);
  });

  it('names the period of a malformed time, and the day of overlapping periods', async () => {
    const errors = await fieldErrors(CreateBusinessInput, {
      ...valid,
      openingHours: {
        monday: [{ open: '9am', close: '17:00' }],
        tuesday: [
          { open: '09:00', close: '13:00' },
          { open: '12:00', close: '17:00' },
        ],
      },
    });
    expect(errors['openingHours.monday.0.open']).toEqual([expect.stringContaining('00:00 to 23:59')]);
    expect(errors.openingHours).toEqual([expect.stringContaining('openingHours.tuesday[1]')]);
  });

  it('refuses fields it does not know', async () => {
    expect(Object.keys(await fieldErrors(CreateBusinessInput, { ...valid, ownerId: 'someone' }))).toEqual(['ownerId']);
  });
});

describe('UpdateBusinessInput', () => {
  it('lets null clear the logo, contact phone and opening hours', async () => {
    expect(await fieldErrors(UpdateBusinessInput, { logoUrl: null, contactPhone: null, openingHours: null })).toEqual({});
  });

  it('refuses null for what a business always has', async () => {
    const errors = await fieldErrors(UpdateBusinessInput, { name: null, country: null, timezone: null });
    expect(Object.keys(errors).sort()).toEqual(['country', 'name', 'timezone']);
  });

  it('has no handle or currency to change', async () => {
    expect(Object.keys(await fieldErrors(UpdateBusinessInput, { handle: 'new.handle', currency: 'SGD' })).sort()).toEqual([
      'currency',
      'handle',
    ]);
  });

  it('refuses a malformed business id', async () => {
    expect(Object.keys(await fieldErrors(UpdateBusinessArgs, { businessId: '1 or 1=1', input: {} }))).toEqual(['businessId']);
  });
});

describe('member and key arguments', () => {
  const businessId = '01935d6a-0000-7000-8000-000000000000';

  it('refuses owner as an invitation role', async () => {
    expect(Object.keys(await fieldErrors(InviteMemberArgs, { businessId, phone: '+60123456789', role: 'owner' }))).toEqual([
      'role',
    ]);
  });

  it('refuses an empty or unknown scope list for a key', async () => {
    expect(Object.keys(await fieldErrors(CreateApiKeyArgs, { businessId, name: 'bot', scopes: [] }))).toEqual(['scopes']);
    expect(Object.keys(await fieldErrors(CreateApiKeyArgs, { businessId, name: 'bot', scopes: ['root'] }))).toEqual(['scopes']);
    expect(await fieldErrors(CreateApiKeyArgs, { businessId, name: 'bot', scopes: ['orders:read'] })).toEqual({});
  });
});
