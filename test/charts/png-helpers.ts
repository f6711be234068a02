/** Reading rendered PNGs back in tests. */
import { createCanvas, loadImage } from '@napi-rs/canvas';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export interface Pixels {
  width: number;
  height: number;
  at(x: number, y: number): [number, number, number];
  data: Uint8ClampedArray;
}

/** Decode a PNG with @napi-rs/canvas (an independent decoder from our encoder). */
export async function decode(png: Buffer): Promise<Pixels> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  return {
    width: image.width,
    height: image.height,
    data,
    at(x, y) {
      const i = (Math.round(y) * image.width + Math.round(x)) * 4;
      return [data[i]!, data[i + 1]!, data[i + 2]!];
    },
  };
}

export function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Largest channel difference. */
export const colourDistance = (a: number[], b: number[]): number =>
  Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

/** Standard deviation of luminance: a blank or single-colour image is near 0. */
export function luminanceSpread(p: Pixels): number {
  let sum = 0;
  let sq = 0;
  const n = p.data.length / 4;
  for (let i = 0; i < p.data.length; i += 4) {
    const l = 0.2126 * p.data[i]! + 0.7152 * p.data[i + 1]! + 0.0722 * p.data[i + 2]!;
    sum += l;
    sq += l * l;
  }
  const mean = sum / n;
  return Math.sqrt(sq / n - mean * mean);
}
