#!/usr/bin/env node
// Draws the app icon (a rounded tile with four signal bars) and writes
// build/icon.png (512x512) and build/icon.ico (256x256 PNG inside an ICO, which
// Windows Vista+ and NSIS accept). Plain Node: zlib for the PNG, no image
// library. Run it after changing the drawing: `node build/generate-icons.mjs`.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** RGBA pixels -> PNG bytes (colour type 6, 8 bits, no interlace). */
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Coverage of the shape at (x, y) in a unit square: 1 inside, 0 outside. */
function shape(x, y) {
  const inRounded = (x0, y0, x1, y1, r) => {
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  if (!inRounded(0.04, 0.04, 0.96, 0.96, 0.18)) return null;
  // Four signal bars, rising to the right.
  for (let i = 0; i < 4; i++) {
    const x0 = 0.2 + i * 0.16;
    const top = 0.68 - i * 0.13;
    if (inRounded(x0, top, x0 + 0.11, 0.8, 0.03)) return i < 3 ? 'bar' : 'hot';
  }
  return 'tile';
}

const COLOURS = { tile: [0x1f, 0x3a, 0x5f, 255], bar: [0xf2, 0xf5, 0xf8, 255], hot: [0x3d, 0xdc, 0x97, 255] };

export function drawIcon(size) {
  const px = Buffer.alloc(size * size * 4);
  const ss = 4; // supersampling per axis
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const s = shape((x + (sx + 0.5) / ss) / size, (y + (sy + 0.5) / ss) / size);
          if (s === null) continue;
          const c = COLOURS[s];
          for (let k = 0; k < 3; k++) acc[k] += c[k];
          acc[3] += 255;
        }
      }
      const n = ss * ss;
      const covered = acc[3] / 255;
      const o = (y * size + x) * 4;
      for (let k = 0; k < 3; k++) px[o + k] = covered ? Math.round(acc[k] / covered) : 0;
      px[o + 3] = Math.round(acc[3] / n);
    }
  }
  return px;
}

/** An ICO with one PNG-compressed image (sizes up to 256; 256 is written as 0). */
export function encodeIco(size, png) {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header[6] = size >= 256 ? 0 : size;
  header[7] = size >= 256 ? 0 : size;
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, png]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(here, 'icon.png'), encodePng(512, drawIcon(512)));
  writeFileSync(join(here, 'icon.ico'), encodeIco(256, encodePng(256, drawIcon(256))));
  console.log('wrote build/icon.png (512x512) and build/icon.ico (256x256)');
}
