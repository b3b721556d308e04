import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../shared/demo/sha256.ts';
import { createRng } from '../../../shared/synth/random.ts';

describe('sha256Hex', () => {
  it('gives the FIPS 180-4 example digests', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto around the padding boundaries and on random bytes', () => {
    const rng = createRng(1);
    for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 1000, 100_000]) {
      const bytes = new Uint8Array(n);
      for (let i = 0; i < n; i++) bytes[i] = rng.int(256);
      expect(sha256Hex(bytes)).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    }
    expect(sha256Hex('San Luis Río Colorado')).toBe(crypto.createHash('sha256').update('San Luis Río Colorado', 'utf8').digest('hex'));
  });
});
