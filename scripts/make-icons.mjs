#!/usr/bin/env node
// Writes teamsapp/color.png (192×192, full colour) and teamsapp/outline.png (32×32, white on
// transparent), the sizes Teams requires: a heart with a pulse line through it, anti-aliased. PNG encoding by hand (zlib + CRC32) so no image library is needed.
import { deflateSync } from "node:zlib";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "teamsapp");

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x + 0.5, y + 0.5), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// Geometry in unit coordinates (0..1).
const pulse = [
  [0.12, 0.52],
  [0.36, 0.52],
  [0.43, 0.38],
  [0.52, 0.68],
  [0.6, 0.32],
  [0.67, 0.52],
  [0.88, 0.52],
];
function distToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}
const distToPulse = (x, y) => Math.min(...pulse.slice(1).map((p, i) => distToSegment(x, y, pulse[i], p)));
/** Heart outline (implicit curve), < 0 inside. */
function heart(x, y) {
  const u = (x - 0.5) * 3.3,
    v = (0.5 - y) * 3.3;
  return (u * u + v * v - 1) ** 3 - u * u * v ** 3;
}
const cover = (d, px) => Math.max(0, Math.min(1, 0.5 - d / px)); // anti-aliasing from a distance

function colorPixel(x, y, size) {
  const u = x / size,
    v = y / size;
  // Rounded square background, teal.
  const r = 0.22,
    qx = Math.max(Math.abs(u - 0.5) - (0.5 - r), 0),
    qy = Math.max(Math.abs(v - 0.5) - (0.5 - r), 0);
  const bg = cover(Math.hypot(qx, qy) - r, 1 / size);
  // A white heart with the pulse line cut through it in the background colour.
  const inHeart = cover(heart(u, v) * 3, 1 / size);
  const line = cover(distToPulse(u, v) - 0.03, 1 / size);
  const white = inHeart * (1 - line);
  const [tr, tg, tb] = [0x0f, 0x7b, 0x6c];
  return [Math.round(tr + (255 - tr) * white), Math.round(tg + (255 - tg) * white), Math.round(tb + (255 - tb) * white), Math.round(255 * bg)];
}

function outlinePixel(x, y, size) {
  const u = x / size,
    v = y / size;
  // Outline icons are white on transparent: the heart, with the pulse line cut out.
  const alpha = cover(heart(u, v) * 3, 1 / size) * (1 - cover(distToPulse(u, v) - 0.045, 1 / size));
  return [255, 255, 255, Math.round(255 * alpha)];
}

writeFileSync(
  join(out, "color.png"),
  png(192, (x, y) => colorPixel(x, y, 192)),
);
writeFileSync(
  join(out, "outline.png"),
  png(32, (x, y) => outlinePixel(x, y, 32)),
);
console.log(`wrote ${join(out, "color.png")} (192×192) and ${join(out, "outline.png")} (32×32)`);
