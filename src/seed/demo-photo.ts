/**
 * Photos for the demo's grid events: small PNG images generated from a seed (no image library needed; the bytes
 * pass the upload's checks of a PNG: signature, IHDR first, IEND last). Pure.
 */
import { deflateSync } from 'node:zlib';
import { createPrng } from '../shared/prng.ts';


const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A small PNG (64 x 48, RGB) of a made-up scene — sky, ground and a block — different for each seed. */
export function demoPng(seed: number): Uint8Array {
  const prng = createPrng(seed);
  const [w, hgt] = [64, 48];
  const sky = [prng.int(120, 200), prng.int(170, 220), 235];
  const ground = [prng.int(80, 140), prng.int(90, 130), prng.int(60, 90)];
  const block = [prng.int(120, 220), prng.int(40, 120), prng.int(40, 120)];
  const [bx, by, bw, bh] = [prng.int(4, 36), prng.int(10, 26), prng.int(8, 24), prng.int(8, 18)];
  const raw = Buffer.alloc((w * 3 + 1) * hgt);
  for (let y = 0; y < hgt; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const inBlock = x >= bx && x < bx + bw && y >= by && y < by + bh;
      const c = inBlock ? block : y < hgt * 0.55 ? sky : ground;
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = c[0]!;
      raw[o + 1] = c[1]!;
      raw[o + 2] = c[2]!;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(hgt, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]));
}
