// /favicon.ico: the feed sign, white on the pages' accent colour, drawn once at start as a 32×32 ICO (a BMP
// inside, which every browser reads). Drawn from geometry rather than kept as an opaque blob.

const SIZE = 32
const ACCENT = [0x8c, 0x1c, 0x13] as const
/** The feed sign's centre (bottom left of the glyph), and its dot and two arcs as [inner, outer) radii. */
const CENTRE = { x: 8.5, y: 23.5 }
const RINGS: [number, number][] = [[0, 3.2], [7, 10], [13.5, 16.5]]

function pixel(x: number, y: number): [number, number, number, number] {
  // Rounded square: a corner radius of 6.
  const cx = Math.max(6, Math.min(SIZE - 6, x + 0.5))
  const cy = Math.max(6, Math.min(SIZE - 6, y + 0.5))
  if (Math.hypot(x + 0.5 - cx, y + 0.5 - cy) > 6) return [0, 0, 0, 0]
  const dx = x + 0.5 - CENTRE.x
  const dy = CENTRE.y - (y + 0.5)
  const r = Math.hypot(dx, dy)
  const inGlyph = RINGS.some(([inner, outer], i) => r >= inner && r < outer && (i === 0 || (dx >= -0.5 && dy >= -0.5)))
  return inGlyph ? [255, 255, 255, 255] : [ACCENT[0], ACCENT[1], ACCENT[2], 255]
}

function drawIco(): Uint8Array<ArrayBuffer> {
  const pixels = SIZE * SIZE * 4
  const mask = SIZE * (SIZE / 8)
  const image = 40 + pixels + mask
  const out = new Uint8Array(6 + 16 + image)
  const view = new DataView(out.buffer)
  // ICONDIR, then one ICONDIRENTRY.
  view.setUint16(2, 1, true)
  view.setUint16(4, 1, true)
  out[6] = SIZE
  out[7] = SIZE
  view.setUint16(10, 1, true)
  view.setUint16(12, 32, true)
  view.setUint32(14, image, true)
  view.setUint32(18, 22, true)
  // BITMAPINFOHEADER: the height counts the colour rows and the AND mask's.
  view.setUint32(22, 40, true)
  view.setInt32(26, SIZE, true)
  view.setInt32(30, SIZE * 2, true)
  view.setUint16(34, 1, true)
  view.setUint16(36, 32, true)
  view.setUint32(42, pixels + mask, true)
  let at = 62
  for (let row = SIZE - 1; row >= 0; row--) {
    for (let x = 0; x < SIZE; x++) {
      const [r, g, b, a] = pixel(x, row)
      out.set([b, g, r, a], at)
      at += 4
    }
  }
  return out // the AND mask stays zero: the alpha channel decides
}

export const FAVICON_ICO: Uint8Array<ArrayBuffer> = drawIco()
