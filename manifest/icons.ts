// The app's two Teams icons, drawn in code so the package needs no binary assets.
// Design: a shield with a check mark ("a practice that protects against corruption").
import { PNG } from 'pngjs';
import { rasterize, type Rgb } from './raster.js';
import { polygon, quadratic, roundedRect, stroke, without, type Point, type Shape } from './shapes.js';

/** Teams requires exactly these sizes. */
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/** OAS blue; keep in sync with accentColor in manifest.template.json. */
export const OAS_BLUE: Rgb = [0x00, 0x3b, 0x71];
const WHITE: Rgb = [0xff, 0xff, 0xff];

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Shield with a pointed top centre, straight sides and a curved point at the bottom. */
function shield({ x, y, w, h }: Box): Shape {
  const at = (u: number, v: number): Point => [x + u * w, y + v * h];
  const outline: Point[] = [
    at(0.5, 0),
    ...quadratic(at(0.5, 0), at(0.78, 0.12), at(1, 0.12)),
    at(1, 0.48),
    ...quadratic(at(1, 0.48), at(1, 0.86), at(0.5, 1)),
    ...quadratic(at(0.5, 1), at(0, 0.86), at(0, 0.48)),
    at(0, 0.12),
    ...quadratic(at(0, 0.12), at(0.22, 0.12), at(0.5, 0)),
  ];
  return polygon(outline);
}

/** Check mark placed inside a shield box; width is relative to the box width. */
function checkMark({ x, y, w, h }: Box, width: number): Shape {
  const at = (u: number, v: number): Point => [x + u * w, y + v * h];
  return stroke([at(0.27, 0.5), at(0.44, 0.66), at(0.74, 0.35)], width * w);
}

/** 192×192 full-colour icon: white shield with a blue check on a blue rounded square. */
export function colorIcon(): Buffer {
  const box: Box = { x: 0.24, y: 0.19, w: 0.52, h: 0.62 };
  const png = rasterize(COLOR_ICON_SIZE, [
    { color: OAS_BLUE, shape: roundedRect(0, 0, 1, 1, 0.18) },
    { color: WHITE, shape: shield(box) },
    { color: OAS_BLUE, shape: checkMark(box, 0.13) },
  ]);
  return PNG.sync.write(png);
}

/**
 * 32×32 outline icon. Teams wants white on transparent only, so the check is
 * cut out of the shield instead of being painted in another colour.
 */
export function outlineIcon(): Buffer {
  const box: Box = { x: 3 / 32, y: 1 / 32, w: 26 / 32, h: 30 / 32 };
  const png = rasterize(OUTLINE_ICON_SIZE, [{ color: WHITE, shape: without(shield(box), checkMark(box, 0.17)) }]);
  return PNG.sync.write(png);
}
