// Paints shapes into an RGBA PNG with supersampled anti-aliasing.
import { PNG } from 'pngjs';
import type { Shape } from './shapes.js';

export type Rgb = readonly [r: number, g: number, b: number];

export interface Layer {
  color: Rgb;
  /** Shape in unit coordinates: (0,0) is the top-left corner, (1,1) the bottom-right. */
  shape: Shape;
}

/**
 * Renders layers bottom to top onto a transparent square canvas.
 * Edge pixels are sampled on a `samples`×`samples` grid so they come out smooth;
 * shapes must not have features thinner than a pixel.
 */
export function rasterize(size: number, layers: readonly Layer[], samples = 4): PNG {
  const png = new PNG({ width: size, height: size }); // starts fully transparent
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      for (const layer of layers) {
        const coverage = coverageAt(layer.shape, px, py, size, samples);
        if (coverage > 0) blendOver(png.data, (py * size + px) * 4, layer.color, coverage);
      }
    }
  }
  return png;
}

function coverageAt(shape: Shape, px: number, py: number, size: number, samples: number): number {
  // Fast path: our shapes are much larger than a pixel, so if the pixel's corners
  // and centre agree, the pixel is fully inside or fully outside.
  const probes = [
    shape(px / size, py / size),
    shape((px + 1) / size, py / size),
    shape(px / size, (py + 1) / size),
    shape((px + 1) / size, (py + 1) / size),
    shape((px + 0.5) / size, (py + 0.5) / size),
  ];
  if (probes.every((p) => p === probes[0])) return probes[0] ? 1 : 0;
  let hits = 0;
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      if (shape((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits++;
    }
  }
  return hits / (samples * samples);
}

/** Source-over compositing on straight (non-premultiplied) RGBA bytes. */
function blendOver(data: Buffer, at: number, color: Rgb, alpha: number): void {
  const dstAlpha = data[at + 3]! / 255;
  const outAlpha = alpha + dstAlpha * (1 - alpha);
  for (let c = 0; c < 3; c++) {
    const mixed = (color[c]! * alpha + data[at + c]! * dstAlpha * (1 - alpha)) / outAlpha;
    data[at + c] = Math.round(mixed);
  }
  data[at + 3] = Math.round(outAlpha * 255);
}
