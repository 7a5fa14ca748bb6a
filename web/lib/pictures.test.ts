import { describe, expect, it } from 'vitest';
import { findPicture, pictureName, pictureUrl, PICTURES } from './pictures.ts';

describe('pictures', () => {
  it('should have a Twemoji URL for every picture when the server adds or changes one', () => {
    for (const picture of PICTURES) expect(pictureUrl(picture), picture.id).toBeTruthy();
  });

  it('should name a picture in the page language when asked for its accessible name', () => {
    const elephant = findPicture('elephant')!;
    expect(pictureName(elephant, 'th')).toBe('ช้าง');
    expect(pictureName(elephant, 'en')).toBe('Elephant');
  });

  it('should find nothing when the id is unknown', () => {
    expect(findPicture('unicorn')).toBeUndefined();
    expect(findPicture(null)).toBeUndefined();
  });
});
