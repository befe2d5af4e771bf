import { isMediaId, photoUrls, renditionKey, renditionKeys } from './renditions';

const ID = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('renditions', () => {
  it('builds every URL from the id and the public base alone', () => {
    expect(photoUrls('/media', ID)).toEqual({
      thumbnail: { webp: `/media/${ID}/thumbnail.webp`, jpeg: `/media/${ID}/thumbnail.jpeg` },
      medium: { webp: `/media/${ID}/medium.webp`, jpeg: `/media/${ID}/medium.jpeg` },
      large: { webp: `/media/${ID}/large.webp`, jpeg: `/media/${ID}/large.jpeg` },
    });
  });

  it('joins a CDN base with or without its trailing slash', () => {
    expect(photoUrls('https://cdn.example.com/kedai/', ID).medium.webp).toBe(`https://cdn.example.com/kedai/${ID}/medium.webp`);
    expect(photoUrls('https://cdn.example.com/kedai', ID).medium.webp).toBe(`https://cdn.example.com/kedai/${ID}/medium.webp`);
  });

  it('lists the six keys a photo has in storage', () => {
    expect(renditionKeys(ID)).toEqual([
      `${ID}/thumbnail.webp`,
      `${ID}/thumbnail.jpeg`,
      `${ID}/medium.webp`,
      `${ID}/medium.jpeg`,
      `${ID}/large.webp`,
      `${ID}/large.jpeg`,
    ]);
  });

  it('refuses to make a key from anything but a lower-case uuid', () => {
    expect(isMediaId(ID)).toBe(true);
    expect(isMediaId(ID.toUpperCase())).toBe(false);
    expect(() => renditionKey('../etc', 'large', 'webp')).toThrow(RangeError);
  });
});
