// Tiny 2-D geometry for drawing icons without an image editor.
// A shape is a point-membership test; raster.ts turns it into pixels.

export type Point = readonly [x: number, y: number];
export type Shape = (x: number, y: number) => boolean;

/** Axis-aligned rectangle from (x0, y0) to (x1, y1) with corner radius r. */
export function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    // Distance from the inner rectangle that the corner circles are centred on.
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return dx * dx + dy * dy <= r * r;
  };
}

/** Closed polygon, even-odd rule. */
export function polygon(points: readonly Point[]): Shape {
  return (x, y) => {
    let inside = false;
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const [xi, yi] = points[i]!;
      const [xj, yj] = points[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
}

/** Open polyline of the given width, with round caps and joins. */
export function stroke(points: readonly Point[], width: number): Shape {
  const r2 = (width / 2) ** 2;
  return (x, y) => {
    for (let i = 1; i < points.length; i++) {
      if (distanceToSegmentSquared(x, y, points[i - 1]!, points[i]!) <= r2) return true;
    }
    return false;
  };
}

/** Points along a quadratic Bézier curve, excluding the start point. */
export function quadratic(from: Point, control: Point, to: Point, steps = 24): Point[] {
  const out: Point[] = [];
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    const a = (1 - t) ** 2;
    const b = 2 * (1 - t) * t;
    const c = t * t;
    out.push([a * from[0] + b * control[0] + c * to[0], a * from[1] + b * control[1] + c * to[1]]);
  }
  return out;
}

/** Points of `shape` that are not in `hole`. */
export function without(shape: Shape, hole: Shape): Shape {
  return (x, y) => shape(x, y) && !hole(x, y);
}

function distanceToSegmentSquared(x: number, y: number, a: Point, b: Point): number {
  const vx = b[0] - a[0];
  const vy = b[1] - a[1];
  const lengthSquared = vx * vx + vy * vy;
  const t = lengthSquared === 0 ? 0 : Math.min(1, Math.max(0, ((x - a[0]) * vx + (y - a[1]) * vy) / lengthSquared));
  const dx = x - (a[0] + t * vx);
  const dy = y - (a[1] + t * vy);
  return dx * dx + dy * dy;
}
